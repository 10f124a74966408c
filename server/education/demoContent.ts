import { Types } from 'mongoose';
import type { AppDeps } from '../deps';

/**
 * A little health-education content for the demo (`npm start`), so 健康知识 is not empty: three
 * articles with their quizzes, written once under fixed ids (a second start changes nothing, and an
 * admin's later edits stand). Wording is general guidance of the kind community health education
 * uses; it is demo content, not clinical advice reviewed for release.
 */
const q = (question: string, options: string[], answerIndex: number, explanation?: string) => ({ question, options, answerIndex, explanation: explanation ?? null });

const demoItems = [
  {
    _id: '6650f0c2a1b2c3d4e5f6e001',
    title: '高血压患者每天吃多少盐',
    summary: '每天不超过 5 克，大约一个啤酒瓶盖',
    conditions: ['hypertension'],
    topic: 'diet',
    paragraphs: ['盐吃多了，血压会升高。每人每天吃盐不超过 5 克，大约一个啤酒瓶盖装满的量。', '咸菜、腊肉、酱油、味精里都有不少盐，做菜少放，能不吃腌制食品就不吃。', '可以用葱、姜、醋、柠檬来调味，慢慢就习惯清淡的口味了。'],
    quiz: [q('每人每天吃盐最好不超过多少克？', ['5 克', '10 克', '15 克'], 0, '每天不超过 5 克，约一个啤酒瓶盖'), q('下面哪种食物含盐最多？', ['新鲜蔬菜', '咸菜', '白米饭'], 1), q('想少吃盐，可以怎么做？', ['多放酱油', '用醋和葱姜调味', '多吃腊肉'], 1)],
  },
  {
    _id: '6650f0c2a1b2c3d4e5f6e002',
    title: '在家怎样量血压才准',
    summary: '坐好、休息 5 分钟、量两次取平均',
    conditions: ['hypertension'],
    topic: 'selfMonitoring',
    paragraphs: ['量血压前半小时不要抽烟、喝咖啡或浓茶，先上厕所，安静坐 5 分钟。', '用上臂式电子血压计，袖带绑在上臂，和心脏差不多高。', '每次量 2 到 3 遍，中间隔 1 分钟，记下平均数。早上起床后、晚上睡觉前各量一次。'],
    quiz: [q('量血压前要安静坐多久？', ['不用坐', '5 分钟', '1 小时'], 1), q('在家量血压用哪种血压计更准？', ['手腕式', '上臂式', '手指式'], 1, '指南推荐上臂式电子血压计'), q('每次量几遍？', ['1 遍', '2 到 3 遍', '10 遍'], 1)],
  },
  {
    _id: '6650f0c2a1b2c3d4e5f6e003',
    title: '血压、血糖突然很高怎么办',
    summary: '先休息复测，有这些症状马上打 120',
    conditions: [],
    topic: 'emergency',
    paragraphs: ['在家量到血压 180/110 以上，先坐下休息 5 分钟再量一次。', '如果还是这么高，或者有剧烈头痛、胸痛、说话不清、一边手脚没力气，马上打 120。', '血糖低于 3.9 时先吃 15 克糖（比如半杯果汁），15 分钟后再测。'],
    quiz: [q('血压量到 185/115，第一步做什么？', ['马上再吃一次药', '坐下休息 5 分钟后再量', '出门散步'], 1), q('下面哪种情况要马上打 120？', ['血压高还胸痛', '有点口渴', '晚上没睡好'], 0), q('血糖低于 3.9 时先做什么？', ['吃 15 克糖', '去跑步', '打一针胰岛素'], 0)],
  },
];

export async function seedDemoEducation(deps: AppDeps): Promise<void> {
  const now = deps.clock.now();
  for (const item of demoItems) {
    await deps.models.EducationItem.updateOne(
      { _id: new Types.ObjectId(item._id) },
      { $setOnInsert: { ...item, _id: new Types.ObjectId(item._id), kind: 'article', videoUrl: null, durationSeconds: null, status: 'published', version: 1, createdAt: now, createdByAccountId: 'seed', updatedAt: now } },
      { upsert: true },
    );
  }
}
