import { Types } from 'mongoose';
import { urgentPlanOf, urgentValueText } from '../../shared/clinical/urgentPlan';
import { measureLabels } from '../../shared/clinical/labels';
import type { CareAlertDto, UrgentStatusDto } from '../../shared/api/care';
import { instantText } from '../../shared/vocabulary';
import type { AppDeps } from '../deps';
import { enqueueJob } from '../jobs/jobQueue';
import type { JobContext } from '../jobs/jobRunner';
import type { AlertDoc } from '../models/alert';
import { activeOpenidOf, subscribeMessageDeliverer, type SubscribeMessage, type SubscribeSendState } from '../wechat/subscribeDelivery';
import { careNoticeWriter } from './careNotices';
import { thingValue, wechatTimeValue } from './careText';
import { memberNameOf, teamContactOf } from './teamContact';

/**
 * The resident's and the family's side of an urgent reading (docs/clinical-rules.md §1.4, §2):
 *
 * - `urgentStatusOf`: what 首页 shows until the team has dealt with it — the severity headline,
 *   what to do now, the team's acknowledgement and later its closing note (kept for 3 days after
 *   closing), and the team's service number for 联系家庭医生.
 * - `care.notifyAlert`: a durable job per alert and step (`care:alert:<alertId>:<raised|acknowledged|
 *   closed>`, unique), so each step is told once however often the reading is retried, whichever
 *   instance runs it. Every relative with `view` gets an in-app notice; when the alert is raised
 *   they also get a WeChat subscribe message carrying the value and the advice (sent at most once;
 *   43101 recorded, not retried; other failures retried with backoff).
 */
export const CARE_ALERT_JOB = 'care.notifyAlert';
export const CLOSED_ALERT_SHOWN_MS = 3 * 24 * 3_600_000;
export const careAlertPage = 'pages/home/index';
export type CareAlertStep = 'raised' | 'acknowledged' | 'closed';

type StoredAlert = AlertDoc & { _id: Types.ObjectId };

export function careAlertJobKey(alertId: string, step: CareAlertStep): string {
  return `care:alert:${alertId}:${step}`;
}

export async function enqueueCareAlertNotice(deps: Pick<AppDeps, 'models' | 'clock'>, alertId: Types.ObjectId | string, step: CareAlertStep): Promise<void> {
  await enqueueJob(deps.models, { name: CARE_ALERT_JOB, key: careAlertJobKey(String(alertId), step), runAt: deps.clock.now(), payload: { alertId: String(alertId), step }, maxAttempts: 6 });
}

async function enteredByOf(deps: Pick<AppDeps, 'models'>, alert: StoredAlert) {
  const reading = await deps.models.Reading.findById(alert.readingId, { enteredBy: 1 }).lean();
  return { accountId: reading?.enteredBy?.accountId ? String(reading.enteredBy.accountId) : null, byFamily: reading?.enteredBy?.actingAs === 'proxy' };
}

export async function presentCareAlert(deps: Pick<AppDeps, 'models'>, alert: StoredAlert): Promise<CareAlertDto> {
  const plan = urgentPlanOf(alert.reasons);
  const values = alert.values as Record<string, number>;
  const [acknowledgedBy, closedBy, enteredBy] = await Promise.all([
    memberNameOf(deps, alert.teamId ?? null, alert.acknowledgedByAccountId),
    memberNameOf(deps, alert.teamId ?? null, alert.closedByAccountId),
    enteredByOf(deps, alert),
  ]);
  return {
    alertId: String(alert._id),
    state: alert.state as CareAlertDto['state'],
    measure: alert.measure,
    headline: plan?.headline ?? `${measureLabels[alert.measure as keyof typeof measureLabels] ?? ''}数值需要立即处理`,
    valueText: urgentValueText(alert.measure, values),
    steps: plan?.steps ?? [],
    call120Symptoms: plan?.call120Symptoms ?? [],
    measuredAt: alert.measuredAt.toISOString(),
    raisedAt: alert.raisedAt.toISOString(),
    acknowledgedAt: alert.acknowledgedAt ? alert.acknowledgedAt.toISOString() : null,
    acknowledgedBy,
    closedAt: alert.closedAt ? alert.closedAt.toISOString() : null,
    closedBy,
    closeNote: alert.closeNote ?? null,
    enteredByFamily: enteredBy.byFamily,
  };
}

/** The alert 首页 shows: the newest one the team has not closed, else one closed in the last 3 days. */
export async function urgentStatusOf(deps: Pick<AppDeps, 'models' | 'clock'>, resident: { _id: Types.ObjectId; institutionId: string; teamId?: string | null }): Promise<UrgentStatusDto> {
  const now = deps.clock.now();
  const unresolved = await deps.models.Alert.findOne({ residentId: resident._id, state: { $in: ['open', 'acknowledged'] } }).sort({ raisedAt: -1 }).lean();
  const alert = unresolved ?? (await deps.models.Alert.findOne({ residentId: resident._id, state: 'closed', closedAt: { $gte: new Date(now.getTime() - CLOSED_ALERT_SHOWN_MS) } }).sort({ closedAt: -1 }).lean());
  return { alert: alert ? await presentCareAlert(deps, alert as StoredAlert) : null, team: await teamContactOf(deps, resident) };
}

interface StepContent {
  kind: 'urgentReading' | 'urgentAcknowledged' | 'urgentClosed';
  title: string;
  body: string;
  message: SubscribeMessage | null;
}

function contentOf(deps: Pick<AppDeps, 'config'>, step: CareAlertStep, alert: CareAlertDto, reasons: readonly string[], residentName: string): StepContent {
  const who = (name: string | null) => name ?? '家庭医生团队';
  if (step === 'acknowledged') {
    return {
      kind: 'urgentAcknowledged',
      title: `家庭医生已收到${residentName}的紧急读数`,
      body: `${who(alert.acknowledgedBy)}${alert.acknowledgedAt ? ` ${instantText(new Date(alert.acknowledgedAt))} ` : ''}已确认收到${residentName}的${alert.valueText}，会尽快联系${residentName}。`,
      message: null,
    };
  }
  if (step === 'closed') {
    return {
      kind: 'urgentClosed',
      title: `${residentName}的紧急读数已处理完毕`,
      body: `${who(alert.closedBy)}的处理说明：${alert.closeNote ?? '已处理'}`,
      message: null,
    };
  }
  const plan = urgentPlanOf(reasons);
  const measuredAt = new Date(alert.measuredAt);
  const symptoms = alert.call120Symptoms.slice(0, 4).join('、');
  return {
    kind: 'urgentReading',
    title: `${residentName}：${alert.headline}`,
    body: `${residentName} ${instantText(measuredAt)} 测得${alert.valueText}，${alert.headline}。已通知家庭医生团队。建议：${alert.steps.slice(0, 2).join('')}如有${symptoms}等情况，立即拨打120。`,
    message: {
      templateId: deps.config.care.urgentReadingTemplateId,
      page: careAlertPage,
      data: {
        thing1: { value: thingValue(residentName) },
        thing2: { value: thingValue(`${measureLabels[alert.measure as keyof typeof measureLabels] ?? ''}${alert.valueText}`) },
        thing3: { value: thingValue(plan?.shortHeadline ?? alert.headline) },
        time4: { value: wechatTimeValue(measuredAt) },
        thing5: { value: thingValue(plan?.shortAdvice ?? '有不适立即拨打120') },
      },
    },
  };
}

export async function careAlertJob({ job, deps }: JobContext) {
  const { alertId, step } = job.payload as { alertId: string; step: CareAlertStep };
  const alert = (await deps.models.Alert.findById(alertId).lean()) as StoredAlert | null;
  if (!alert) return { skipped: 'alert_gone' };
  const resident = await deps.models.Resident.findById(alert.residentId, { name: 1 }).lean();
  if (!resident) return { skipped: 'resident_gone' };
  const presented = await presentCareAlert(deps, alert);
  const content = contentOf(deps, step, presented, alert.reasons, resident.name);
  // Relatives who may see the resident's health records now; the one who entered the reading
  // already saw the advice on their own screen.
  const enteredBy = step === 'raised' ? (await enteredByOf(deps, alert)).accountId : null;
  const links = await deps.models.ProxyLink.find({ residentId: alert.residentId, status: 'active', scopes: 'view' }, { proxyAccountId: 1 }).lean();
  const outcomes: Partial<Record<SubscribeSendState, number>> = {};
  let retryLater = false;
  for (const link of links) {
    const accountId = String(link.proxyAccountId);
    if (accountId === enteredBy) continue;
    const eventKey = `alert:${alertId}:${step}:${accountId}`;
    await careNoticeWriter(deps, {
      eventKey,
      accountId: link.proxyAccountId,
      residentId: alert.residentId,
      recipient: 'relative',
      proxyLinkId: link._id,
      kind: content.kind,
      title: content.title,
      body: content.body,
      refs: { alertId: alert._id },
      message: content.message,
      at: (step === 'raised' ? alert.raisedAt : step === 'acknowledged' ? alert.acknowledgedAt : alert.closedAt) ?? undefined,
    });
    if (!content.message) continue;
    const delivered = await subscribeMessageDeliverer(deps, deps.models.CareNotice.collection, { eventKey }, await activeOpenidOf(deps, link.proxyAccountId), content.message);
    outcomes[delivered.outcome] = (outcomes[delivered.outcome] ?? 0) + 1;
    if (delivered.outcome === 'retry') retryLater = true;
  }
  // Notices already written and messages already sent are skipped by the retry (unique keys, states).
  if (retryLater) throw new Error(`care alert ${alertId} ${step}: a subscribe message failed; will retry`);
  return { relatives: links.length, messages: outcomes };
}

/** The relative's own notices about one resident, newest first (read by the family-notices route). */
export async function familyNoticesOf(deps: Pick<AppDeps, 'models' | 'config'>, accountId: string, residentId: Types.ObjectId) {
  const filter = { accountId: new Types.ObjectId(accountId), residentId };
  const [notices, unreadCount] = await Promise.all([
    deps.models.CareNotice.find(filter).sort({ createdAt: -1, _id: -1 }).limit(50).lean(),
    deps.models.CareNotice.countDocuments({ ...filter, readAt: null }),
  ]);
  return {
    unreadCount,
    templateIds: { urgentReading: deps.config.care.urgentReadingTemplateId, weeklySummary: deps.config.care.weeklySummaryTemplateId },
    notices: notices.map((n) => ({
      noticeId: String(n._id),
      kind: n.kind as 'urgentReading',
      title: n.title,
      body: n.body,
      createdAt: n.createdAt.toISOString(),
      read: Boolean(n.readAt),
      alertId: n.refs?.alertId ? String(n.refs.alertId) : null,
    })),
  };
}
