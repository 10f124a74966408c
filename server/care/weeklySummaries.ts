import { type Types } from 'mongoose';
import type { WeeklySummaryDto } from '../../shared/api/care';
import type { DueKind } from '../../shared/followup/dueEngine';
import { dueKindLabels, placeLabels, type VisitPlace } from '../../shared/followup/labels';
import { addCalendarDays, shanghaiDate, toInstant } from '../../shared/time/shanghai';
import { dayText, dueStatusLabels } from '../../shared/vocabulary';
import type { AppDeps } from '../deps';
import { dueItemsOf } from '../followups/dueItems';
import { enqueueJob } from '../jobs/jobQueue';
import type { JobContext } from '../jobs/jobRunner';
import type { ResidentDoc } from '../models/resident';
import type { WeeklySummaryDoc } from '../models/weeklySummary';
import { activeOpenidOf, subscribeMessageDeliverer, type SubscribeSendState } from '../wechat/subscribeDelivery';
import { careNoticeWriter } from './careNotices';
import { thingValue } from './careText';

/**
 * The weekly summary (Monday–Sunday, Shanghai): readings logged, how many at target, points earned,
 * the next visit. A recurring durable job (`care.weeklySummaries`, hourly) starts each Monday at
 * 08:00 and walks the residents who use the app in `_id` order with a cursor per week (advanced by a
 * conditional update, so two instances may redo a batch but never skip one). Each resident-week is
 * written once (unique `key`) and handed to its own delivery job (`care:weekly:<summaryId>`), which
 * tells the resident and — only if the resident shares it (`familySharing.weeklySummary`) — every
 * relative with `view`: in-app and one WeChat message each (43101 recorded, not retried).
 */
export const WEEKLY_SCAN_JOB = 'care.weeklySummaries';
export const WEEKLY_SEND_JOB = 'care.sendWeeklySummary';
export const WEEKLY_SCAN_EVERY_MS = 60 * 60_000;
const SEND_HOUR_SHANGHAI = 8;
const BATCH_SIZE = 200;
export const weeklySummaryPage = 'subpackages/care/weekly/index';

export interface SummaryWeek {
  weekStart: string;
  weekEnd: string;
  startsAt: Date;
  endsAt: Date;
  /** Monday 08:00 after the week: when its summaries go out. */
  dueAt: Date;
}

/** The last full Shanghai week (Monday to Sunday) before `now`. */
export function lastFullWeek(now: Date): SummaryWeek {
  const today = shanghaiDate(now);
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thisMonday = addCalendarDays(today, -weekday);
  const weekStart = addCalendarDays(thisMonday, -7);
  return {
    weekStart,
    weekEnd: addCalendarDays(thisMonday, -1),
    startsAt: toInstant(weekStart),
    endsAt: toInstant(thisMonday),
    dueAt: new Date(toInstant(thisMonday).getTime() + SEND_HOUR_SHANGHAI * 3_600_000),
  };
}

type ResidentRef = ResidentDoc & { _id: Types.ObjectId };

/** The figures of one resident-week, from the readings, the ledger and the bookings (read only). */
async function figuresOf(deps: AppDeps, resident: ResidentRef, week: SummaryWeek) {
  const readings = await deps.models.Reading.find({ residentId: resident._id, measuredAt: { $gte: week.startsAt, $lt: week.endsAt } }, { measure: 1, assessment: 1, enteredBy: 1 }).lean();
  const byMeasure: Record<string, number> = {};
  for (const r of readings) byMeasure[r.measure] = (byMeasure[r.measure] ?? 0) + 1;
  const commits = await deps.models.LedgerCommit.collection
    .find<{ entries: Array<{ type: string; points: number }> }>({ residentId: resident._id, at: { $gte: week.startsAt, $lt: week.endsAt }, 'entries.type': 'earn' }, { projection: { entries: 1 } })
    .toArray();
  const pointsEarned = commits.flatMap((c) => c.entries).reduce((sum, e) => sum + (e.type === 'earn' ? e.points : 0), 0);
  const booking = await deps.models.Booking.findOne({ residentId: resident._id, status: 'booked', startsAt: { $gte: deps.clock.now() } }).sort({ startsAt: 1 }).lean();
  const nextDue = booking ? null : ((await dueItemsOf(deps, resident))[0] ?? null);
  return {
    readingCount: readings.length,
    atTargetCount: readings.filter((r) => r.assessment?.atTarget === true).length,
    judgedCount: readings.filter((r) => typeof r.assessment?.atTarget === 'boolean').length,
    readingCountsByMeasure: byMeasure,
    familyEnteredCount: readings.filter((r) => r.enteredBy?.actingAs === 'proxy').length,
    pointsEarned,
    nextVisit: booking ? { date: booking.date, startTime: booking.startTime, kind: booking.dueKind, place: booking.place } : null,
    nextDue: nextDue ? { kind: nextDue.kind, dueBy: nextDue.dueBy, status: nextDue.status } : null,
  };
}

/** Writes the resident-week's summary once (insert-if-absent by key) and enqueues its delivery. */
export async function weeklySummaryWriter(deps: AppDeps, resident: ResidentRef, week: SummaryWeek): Promise<Types.ObjectId> {
  const key = `${String(resident._id)}:${week.weekStart}`;
  let summary = await deps.models.WeeklySummary.findOne({ key }, { _id: 1 }).lean();
  if (!summary) {
    const figures = await figuresOf(deps, resident, week);
    try {
      await deps.models.WeeklySummary.updateOne({ key }, { $setOnInsert: { key, residentId: resident._id, weekStart: week.weekStart, weekEnd: week.weekEnd, ...figures, createdAt: deps.clock.now() } }, { upsert: true });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
    summary = await deps.models.WeeklySummary.findOne({ key }, { _id: 1 }).lean();
  }
  if (!summary) throw new Error(`weekly summary ${key} upsert returned nothing`);
  await enqueueJob(deps.models, { name: WEEKLY_SEND_JOB, key: `care:weekly:${String(summary._id)}`, runAt: deps.clock.now(), payload: { summaryId: String(summary._id) }, maxAttempts: 6 });
  return summary._id;
}

/** One pass of the weekly job: the next batch of residents for the last full week, once it is due. */
export async function weeklySummaryScanner(deps: AppDeps, options: { batchSize?: number } = {}): Promise<{ week: string; written: number; done: boolean } | { skipped: string }> {
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const week = lastFullWeek(deps.clock.now());
  if (deps.clock.now() < week.dueAt) return { skipped: 'not_due_yet' };
  const runs = deps.models.WeeklySummaryRun;
  await runs.updateOne({ _id: week.weekStart }, { $setOnInsert: { _id: week.weekStart, lastResidentId: null, done: false } }, { upsert: true }).catch((err: unknown) => {
    if ((err as { code?: number }).code !== 11000) throw err;
  });
  const run = await runs.findById(week.weekStart).lean();
  if (!run || run.done) return { week: week.weekStart, written: 0, done: true };
  const after = run.lastResidentId ? { _id: { $gt: run.lastResidentId } } : {};
  const residents = await deps.models.Resident.find({ ...after, accountId: { $ne: null } }).sort({ _id: 1 }).limit(batchSize).lean();
  for (const resident of residents) await weeklySummaryWriter(deps, resident, week);
  const last = residents.at(-1)?._id ?? run.lastResidentId ?? null;
  await runs.updateOne({ _id: week.weekStart, lastResidentId: run.lastResidentId ?? null }, { $set: { lastResidentId: last, done: residents.length < batchSize } });
  return { week: week.weekStart, written: residents.length, done: residents.length < batchSize };
}

type StoredSummary = WeeklySummaryDoc & { _id: Types.ObjectId };

export function presentWeeklySummary(s: StoredSummary): WeeklySummaryDto {
  return {
    summaryId: String(s._id),
    weekStart: s.weekStart,
    weekEnd: s.weekEnd,
    readingCount: s.readingCount,
    atTargetCount: s.atTargetCount,
    judgedCount: s.judgedCount,
    familyEnteredCount: s.familyEnteredCount ?? 0,
    pointsEarned: s.pointsEarned,
    nextVisit: s.nextVisit?.date
      ? { date: s.nextVisit.date, startTime: s.nextVisit.startTime ?? '', kindText: dueKindLabels[s.nextVisit.kind as DueKind] ?? '随访', placeText: placeLabels[s.nextVisit.place as VisitPlace] ?? '' }
      : null,
    nextDue: s.nextDue?.kind ? { kindText: dueKindLabels[s.nextDue.kind as DueKind] ?? '随访', dueBy: s.nextDue.dueBy ?? '', overdue: s.nextDue.status === 'overdue' } : null,
    createdAt: s.createdAt.toISOString(),
  };
}

/** The summary in one sentence, for the notice and the message ("记录 12 次，达标 9 次；得 24 积分"). */
function sentencesOf(s: WeeklySummaryDto) {
  const readings = s.readingCount === 0 ? '本周没有记录读数，记得按时测量' : `记录 ${s.readingCount} 次${s.judgedCount > 0 ? `，达标 ${s.atTargetCount} 次` : ''}`;
  const points = `得 ${s.pointsEarned} 积分`;
  const next = s.nextVisit ? `下次随访：${dayText(s.nextVisit.date)} ${s.nextVisit.startTime} ${s.nextVisit.kindText}` : s.nextDue ? `待办：${s.nextDue.kindText}，${s.nextDue.overdue ? dueStatusLabels.overdue : `${dayText(s.nextDue.dueBy)}前`}` : '暂无随访安排';
  return { readings, points, next };
}

export async function weeklySummarySendJob({ job, deps }: JobContext) {
  const { summaryId } = job.payload as { summaryId: string };
  const summary = (await deps.models.WeeklySummary.findById(summaryId).lean()) as StoredSummary | null;
  if (!summary) return { skipped: 'summary_gone' };
  const resident = await deps.models.Resident.findById(summary.residentId, { name: 1, accountId: 1, familySharing: 1 }).lean();
  if (!resident) return { skipped: 'resident_gone' };
  const dto = presentWeeklySummary(summary);
  const { readings, points, next } = sentencesOf(dto);
  const period = `${dayText(dto.weekStart)}–${dayText(dto.weekEnd)}`;
  const recipients: Array<{ accountId: Types.ObjectId; recipient: 'resident' | 'relative'; proxyLinkId: Types.ObjectId | null; title: string }> = [];
  if (resident.accountId) recipients.push({ accountId: resident.accountId, recipient: 'resident', proxyLinkId: null, title: `本周小结（${period}）` });
  // The family hears about it only while the resident shares it; the setting is read at sending time.
  if (resident.familySharing?.weeklySummary === true) {
    const links = await deps.models.ProxyLink.find({ residentId: summary.residentId, status: 'active', scopes: 'view' }, { proxyAccountId: 1 }).lean();
    for (const link of links) recipients.push({ accountId: link.proxyAccountId, recipient: 'relative', proxyLinkId: link._id, title: `${resident.name}的本周小结（${period}）` });
  }
  const outcomes: Partial<Record<SubscribeSendState, number>> = {};
  let retryLater = false;
  for (const to of recipients) {
    const eventKey = `weekly:${summaryId}:${String(to.accountId)}`;
    const message = {
      templateId: deps.config.care.weeklySummaryTemplateId,
      page: weeklySummaryPage,
      data: { thing1: { value: thingValue(`${resident.name} ${period}`) }, thing2: { value: thingValue(readings) }, thing3: { value: thingValue(points) }, thing4: { value: thingValue(next) } },
    };
    await careNoticeWriter(deps, { eventKey, accountId: to.accountId, residentId: summary.residentId, recipient: to.recipient, proxyLinkId: to.proxyLinkId, kind: 'weeklySummary', title: to.title, body: `${readings}；${points}。${next}。`, refs: { summaryId: summary._id }, message });
    const delivered = await subscribeMessageDeliverer(deps, deps.models.CareNotice.collection, { eventKey }, await activeOpenidOf(deps, to.accountId), message);
    outcomes[delivered.outcome] = (outcomes[delivered.outcome] ?? 0) + 1;
    if (delivered.outcome === 'retry') retryLater = true;
  }
  if (retryLater) throw new Error(`weekly summary ${summaryId}: a subscribe message failed; will retry`);
  return { recipients: recipients.length, messages: outcomes };
}

export async function weeklySummariesOf(deps: Pick<AppDeps, 'models' | 'config'>, resident: { _id: Types.ObjectId; name: string; familySharing?: { weeklySummary?: boolean | null } | null }) {
  const summaries = await deps.models.WeeklySummary.find({ residentId: resident._id }).sort({ weekStart: -1 }).limit(8).lean();
  return {
    residentName: resident.name,
    summaries: summaries.map((s) => presentWeeklySummary(s as StoredSummary)),
    sharedWithFamily: resident.familySharing?.weeklySummary === true,
    templateId: deps.config.care.weeklySummaryTemplateId,
  };
}
