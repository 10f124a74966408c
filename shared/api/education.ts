/**
 * Request and response shapes of health education (健康教育): the admins' content, what a resident
 * reads and answers, the doctor's recommendations and offline classes with their check-in QR. Used
 * by server/routes/education.ts and miniapp/services/education.ts.
 */
import { z } from 'zod';
import { educationKinds, educationTopics, quizProblems, QUIZ_OPTIONS_MAX, QUIZ_QUESTIONS_MAX } from '../education/quiz';
import { optionalText, requiredText } from './common';
import { instant, objectId } from './formats';

const conditionKeys = ['hypertension', 'hyperglycemia', 'dyslipidemia', 'hyperhomocysteinemia'] as const;

export const quizQuestionBody = z.object({
  question: requiredText(100),
  options: z.array(requiredText(60)).min(2).max(QUIZ_OPTIONS_MAX),
  answerIndex: z.number().int().min(0).max(QUIZ_OPTIONS_MAX - 1).describe('正确选项的序号（从 0 开始）'),
  explanation: optionalText(200).describe('答错时显示的解释'),
});

/** Without defaults, so an edit (`educationItemPatch`) changes only what it names. */
const itemFields = {
  kind: z.enum(educationKinds).describe('article 图文 / video 短视频'),
  title: requiredText(60),
  summary: optionalText(120),
  conditions: z.array(z.enum(conditionKeys)).max(4).describe('适用病种；空表示所有居民'),
  topic: z.enum(educationTopics),
  paragraphs: z.array(requiredText(1000)).max(30).describe('图文的段落'),
  videoUrl: z.url({ protocol: /^https$/ }).max(500).optional().describe('短视频地址（https）'),
  durationSeconds: z.number().int().min(1).max(1800).optional(),
  quiz: z.array(quizQuestionBody).max(QUIZ_QUESTIONS_MAX),
  status: z.enum(['draft', 'published', 'archived']),
};

/** The content rules of a whole item (shared/education/quiz.ts), as one check the create and the edit share. */
export function educationItemProblems(item: { kind: string; paragraphs: readonly string[]; videoUrl?: string | null | undefined; quiz: Parameters<typeof quizProblems>[0] }): string[] {
  const problems: string[] = [...quizProblems(item.quiz)];
  if (item.kind === 'article' && item.paragraphs.length === 0) problems.push('article_without_text');
  if (item.kind === 'video' && !item.videoUrl) problems.push('video_without_url');
  return problems;
}

export const educationItemBody = z
  .object({ ...itemFields, conditions: itemFields.conditions.default([]), paragraphs: itemFields.paragraphs.default([]), status: itemFields.status.default('draft') })
  .meta({
    description: '健康教育内容（图文或短视频）及 3–5 道答题；答题全对算完成一次健康教育',
    examples: [
      {
        kind: 'article',
        title: '高血压患者每天吃多少盐',
        summary: '每天不超过 5 克，约一啤酒瓶盖',
        conditions: ['hypertension'],
        topic: 'diet',
        paragraphs: ['盐吃多了血压会升高。', '每人每天不超过 5 克盐，大约一个啤酒瓶盖的量。'],
        quiz: [
          { question: '每人每天吃盐不超过多少克？', options: ['5 克', '10 克', '15 克'], answerIndex: 0 },
          { question: '下面哪种食物含盐多？', options: ['咸菜', '苹果', '白米饭'], answerIndex: 0 },
          { question: '血压高的人饮食要注意什么？', options: ['少盐', '多吃腌制品', '多喝浓汤'], answerIndex: 0 },
        ],
        status: 'published',
      },
    ],
  });
export type EducationItemBody = z.infer<typeof educationItemBody>;

export const educationItemPatch = z.object(itemFields).partial().meta({ description: '修改内容、答题或上下架；改后的整篇内容仍须符合规则' });
export type EducationItemPatch = z.infer<typeof educationItemPatch>;

export const adminEducationItemView = z.object({
  itemId: objectId,
  kind: z.enum(educationKinds),
  title: z.string(),
  summary: z.string(),
  conditions: z.array(z.string()),
  topic: z.enum(educationTopics),
  paragraphs: z.array(z.string()),
  videoUrl: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  quiz: z.array(z.object({ question: z.string(), options: z.array(z.string()), answerIndex: z.number().int(), explanation: z.string().nullable() })),
  status: z.enum(['draft', 'published', 'archived']),
  version: z.number().int(),
  updatedAt: instant,
});
export type AdminEducationItemView = z.infer<typeof adminEducationItemView>;
export const adminEducationItemListView = z.object({ total: z.number(), items: z.array(adminEducationItemView) });

export const educationListEntry = z.object({
  itemId: z.string(),
  kind: z.enum(educationKinds),
  title: z.string(),
  summary: z.string(),
  topic: z.enum(educationTopics),
  topicLabel: z.string(),
  forResident: z.boolean().describe('适用于居民的病种（或适用所有人）'),
  assigned: z.boolean(),
  assignedNote: z.string().nullable(),
  completed: z.boolean(),
  durationSeconds: z.number().nullable(),
});

/** How many education sessions count this month (quizzes and classes) and how many earn points. */
export const educationMonthView = z.object({ completedThisMonth: z.number().int(), rewardedPerMonth: z.number().int().nullable().describe('每月最多几次得积分；null 表示不限'), pointsEach: z.number().int() });

export const educationListView = z.object({ items: z.array(educationListEntry), month: educationMonthView });
export type EducationListView = z.infer<typeof educationListView>;

export const educationItemView = z.object({
  itemId: z.string(),
  kind: z.enum(educationKinds),
  title: z.string(),
  summary: z.string(),
  topicLabel: z.string(),
  paragraphs: z.array(z.string()),
  videoUrl: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  quiz: z.array(z.object({ question: z.string(), options: z.array(z.string()) })),
  assignedNote: z.string().nullable(),
  completed: z.boolean(),
});
export type EducationItemView = z.infer<typeof educationItemView>;

export const quizAnswersBody = z.object({ answers: z.array(z.number().int().min(0).max(QUIZ_OPTIONS_MAX - 1)).min(1).max(QUIZ_QUESTIONS_MAX) });

export const quizResultView = z.object({
  passed: z.boolean(),
  correctCount: z.number().int(),
  total: z.number().int(),
  correct: z.array(z.boolean()),
  /** For each wrong answer, why the right one is right (null where none was written or the answer was right). */
  explanations: z.array(z.string().nullable()),
  /** This pass completed the item for the first time (an education session for the points policy). */
  firstCompletion: z.boolean(),
  month: educationMonthView,
});
export type QuizResultView = z.infer<typeof quizResultView>;

/** What a doctor may recommend: the published items, without their answers. */
export const educationCatalogueView = z.object({ items: z.array(z.object({ itemId: z.string(), kind: z.enum(educationKinds), title: z.string(), topicLabel: z.string(), conditions: z.array(z.string()) })) });
export type EducationCatalogueView = z.infer<typeof educationCatalogueView>;

export const educationAssignmentBody = z.object({ itemId: objectId, note: optionalText(100).describe('医生的话') });
export const educationAssignmentView = z.object({ itemId: z.string(), title: z.string(), assignedAt: z.string(), note: z.string().nullable() });

export const educationClassBody = z
  .object({
    title: requiredText(60),
    topic: z.enum(educationTopics),
    place: requiredText(60),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
  })
  .meta({ description: '线下健康讲座：居民到场后扫现场二维码签到，签到算完成一次健康教育', examples: [{ title: '高血压自我管理讲座', topic: 'selfMonitoring', place: '社区卫生服务中心三楼会议室', startsAt: '2026-03-25T09:00:00+08:00', endsAt: '2026-03-25T10:30:00+08:00' }] });

export const educationClassView = z.object({
  classId: z.string(),
  title: z.string(),
  topicLabel: z.string(),
  place: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  checkInPayload: z.string().describe('二维码内容：居民扫码签到'),
  qrDataUrl: z.string(),
  attendance: z.number().int(),
});
export type EducationClassView = z.infer<typeof educationClassView>;

export const classCheckInBody = z.object({ code: z.string().trim().min(1).max(200).describe('扫描现场二维码得到的内容') });
export const classCheckInView = z.object({ classTitle: z.string(), place: z.string(), checkedInAt: z.string(), firstCheckIn: z.boolean(), month: educationMonthView });
export type ClassCheckInView = z.infer<typeof classCheckInView>;
