import { Types } from 'mongoose';
import type { EducationItemView, EducationListView, QuizResultView } from '../../shared/api/education';
import { educationTopicLabels, gradeQuiz, type EducationTopic } from '../../shared/education/quiz';
import { startOfShanghaiMonth } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { notFound } from '../http/errors';
import { policyAt } from '../ledger/policyVersions';
import { requestPointsConsumption } from '../passbook/jobs';
import { domainEventAppender } from '../records/domainEvents';
import { notifyResident } from '../comanagement/notices';
import { itemConditions, type StoredItem } from './content';

/**
 * A resident's health education: what there is to read or watch (their conditions' items and what
 * their doctor recommended first), one item with its quiz (never the answers), and a try at the
 * quiz. Passing it the first time completes the item once (a conditional update on the resident's
 * progress document) and appends one `healthEducationCompleted` event, which the passbook turns into
 * the policy's education points within its monthly cap (docs/domain.md §4.2).
 */
type ResidentRef = { _id: Types.ObjectId };

export const progressIdOf = (residentId: Types.ObjectId, itemId: string) => `${String(residentId)}:${itemId}`;

/** This Shanghai month's education sessions (quizzes passed, classes attended) against what the policy rewards. */
export async function educationMonth(deps: AppDeps, residentId: Types.ObjectId) {
  const now = deps.clock.now();
  const since = startOfShanghaiMonth(now);
  const [quizzes, classes, policy] = await Promise.all([
    deps.models.EducationProgress.countDocuments({ residentId, completedAt: { $gte: since } }),
    deps.models.EducationAttendance.countDocuments({ residentId, checkedInAt: { $gte: since } }),
    policyAt(deps, now),
  ]);
  const rule = policy.earningRules.healthEducation;
  return { completedThisMonth: quizzes + classes, rewardedPerMonth: rule.monthlyCapPoints !== undefined && rule.points > 0 ? Math.floor(rule.monthlyCapPoints / rule.points) : null, pointsEach: rule.points };
}

async function publishedItem(deps: AppDeps, itemId: string): Promise<StoredItem> {
  const item = Types.ObjectId.isValid(itemId) ? await deps.models.EducationItem.findOne({ _id: itemId, status: 'published' }).lean() : null;
  if (!item) throw notFound('education_item_not_found');
  return item;
}

export async function educationListReader(deps: AppDeps, resident: ResidentRef): Promise<EducationListView> {
  const [items, progress, diagnoses, month] = await Promise.all([
    deps.models.EducationItem.find({ status: 'published' }).sort({ updatedAt: -1 }).limit(200).lean(),
    deps.models.EducationProgress.find({ residentId: resident._id }).lean(),
    deps.models.Diagnosis.find({ residentId: resident._id, status: 'active' }, { condition: 1 }).lean(),
    educationMonth(deps, resident._id),
  ]);
  const conditions = new Set<string>(diagnoses.map((d) => d.condition));
  const progressOf = new Map(progress.map((p) => [p.itemId, p]));
  const entries = items.map((item) => {
    const p = progressOf.get(String(item._id));
    return {
      itemId: String(item._id),
      kind: item.kind as EducationListView['items'][number]['kind'],
      title: item.title,
      summary: item.summary ?? '',
      topic: item.topic as EducationTopic,
      topicLabel: educationTopicLabels[item.topic as EducationTopic],
      forResident: itemConditions(item).length === 0 || itemConditions(item).some((c) => conditions.has(c)),
      assigned: Boolean(p?.assignedAt),
      assignedNote: p?.assignedNote ?? null,
      completed: Boolean(p?.completedAt),
      durationSeconds: item.durationSeconds ?? null,
    };
  });
  // The doctor's recommendations not yet done, then what fits the resident, then the rest; done last.
  const rank = (e: (typeof entries)[number]) => (e.completed ? 3 : e.assigned ? 0 : e.forResident ? 1 : 2);
  entries.sort((a, b) => rank(a) - rank(b));
  return { items: entries, month };
}

export async function educationItemReader(deps: AppDeps, resident: ResidentRef, itemId: string): Promise<EducationItemView> {
  const item = await publishedItem(deps, itemId);
  const progress = await deps.models.EducationProgress.findById(progressIdOf(resident._id, itemId)).lean();
  return {
    itemId,
    kind: item.kind as EducationItemView['kind'],
    title: item.title,
    summary: item.summary ?? '',
    topicLabel: educationTopicLabels[item.topic as EducationTopic],
    paragraphs: item.paragraphs,
    videoUrl: item.videoUrl ?? null,
    durationSeconds: item.durationSeconds ?? null,
    quiz: item.quiz.map((q) => ({ question: q.question, options: q.options })),
    assignedNote: progress?.assignedNote ?? null,
    completed: Boolean(progress?.completedAt),
  };
}

export async function quizSubmitter(deps: AppDeps, resident: ResidentRef, itemId: string, answers: number[]): Promise<QuizResultView> {
  const item = await publishedItem(deps, itemId);
  const questions = item.quiz.map((q) => ({ question: q.question, options: q.options, answerIndex: q.answerIndex }));
  const result = gradeQuiz(questions, answers);
  const _id = progressIdOf(resident._id, itemId);
  await deps.models.EducationProgress.updateOne({ _id }, { $inc: { attempts: 1 }, $setOnInsert: { residentId: resident._id, itemId } }, { upsert: true });
  let firstCompletion = false;
  if (result.passed) {
    const now = deps.clock.now();
    firstCompletion = (await deps.models.EducationProgress.updateOne({ _id, completedAt: null }, { $set: { completedAt: now } })).modifiedCount === 1;
    const progress = await deps.models.EducationProgress.findById(_id).lean();
    // Appended on every pass, keyed by the progress: a retry after a crash still records it, once.
    await domainEventAppender(deps, {
      eventId: `education:quiz:${_id}`,
      type: 'healthEducationCompleted',
      residentId: resident._id,
      occurredAt: progress?.completedAt ?? now,
      payload: { via: 'quiz', itemId },
    });
    await requestPointsConsumption(deps);
  }
  return {
    passed: result.passed,
    correctCount: result.correctCount,
    total: questions.length,
    correct: result.correct,
    explanations: item.quiz.map((q, i) => (result.correct[i] ? null : (q.explanation ?? null))),
    firstCompletion,
    month: await educationMonth(deps, resident._id),
  };
}

/** The doctor recommends an item to a resident of their team: it comes first in their list, with the doctor's words. */
export async function educationAssigner(deps: AppDeps, input: { resident: ResidentRef; itemId: string; accountId: string; note: string | null }) {
  const item = await publishedItem(deps, input.itemId);
  const now = deps.clock.now();
  const _id = progressIdOf(input.resident._id, input.itemId);
  await deps.models.EducationProgress.updateOne(
    { _id },
    { $set: { assignedAt: now, assignedByAccountId: input.accountId, assignedNote: input.note }, $setOnInsert: { residentId: input.resident._id, itemId: input.itemId, attempts: 0, completedAt: null } },
    { upsert: true },
  );
  await notifyResident(deps, input.resident._id, { eventKey: `educationAssigned:${_id}`, kind: 'educationAssigned', title: '医生给您推荐了健康知识', body: `《${item.title}》${input.note ? `：${input.note}` : ''}` });
  return { itemId: input.itemId, title: item.title, assignedAt: now.toISOString(), note: input.note };
}
