import Taro from '@tarojs/taro';
import { getActiveProfile, type ActiveProfile } from '../state/activeProfile';
import { addToQueue, removeFromQueue, syncQueue, type QueuedReading, type SendOutcome, type SyncSummary } from '../state/offlineQueue';
import { ApiError, isApiError } from './apiError';
import { api, apiBaseUrl } from './http';
import { loadMyProfile, residentPath, residentRequest } from './profile';
import { buildReadingBody, glucoseTimingLabels, localUrgency, measureLabels, type EntryDraft, type ReadingMeasure } from './readingForms';
import { formatDateTime } from './displayTime';
import { readSession } from './session';
import { gradeLabels } from '../../shared/clinical/labels';
import { isWarningCoveredByUrgency, urgentPlanOf } from '../../shared/clinical/urgentPlan';
import { pointsPreviewSchema, type PointsPreviewDto } from '../../shared/api/passbook';

/**
 * Home readings: logging (through the offline queue), history for the charts, this month's control
 * status, the latest values for 首页 and the entry screens, and the PDF/CSV export. The only code
 * that talks to the readings endpoints; pages get view models, never responses.
 *
 *   POST /api/residents/:residentId/readings              logReading / syncPendingReadings
 *   GET  /api/residents/:residentId/readings?measure&days loadReadingHistory / loadLatestReadings
 *   GET  /api/residents/:residentId/control-status        loadControlStatus
 *   GET  /api/residents/:residentId/readings/export.(pdf|csv)   exportReadings
 */

// ---------------------------------------------------------------------------------------------
// Labels and grade tones (pure)

export { gradeLabels } from '../../shared/clinical/labels';

/** good (green) · watch (amber) · high (orange-red) · urgent (red); text always says it too. */
export type GradeTone = 'good' | 'watch' | 'high' | 'urgent' | 'none';

const toneOfGrade: Record<string, GradeTone> = {
  normal: 'good',
  ideal: 'good',
  acceptable: 'good',
  none: 'good',
  highNormal: 'watch',
  grade1: 'watch',
  impaired: 'watch',
  borderlineHigh: 'watch',
  mild: 'watch',
  underweight: 'watch',
  overweight: 'watch',
  low: 'watch',
  grade2: 'high',
  grade3: 'high',
  diabeticRange: 'high',
  high: 'high',
  moderate: 'high',
  severe: 'high',
  obese: 'high',
};

export function gradeTone(grade: string | null, urgent: boolean): GradeTone {
  if (urgent) return 'urgent';
  if (!grade) return 'none';
  return toneOfGrade[grade] ?? 'none';
}

export const toneColors: Record<GradeTone, string> = { good: '#1d6b2f', watch: '#9a5b00', high: '#c2410c', urgent: '#a8201a', none: '#4a4a4a' };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The headline values of a reading as the resident reads them: "184/111", "6.4", "65.5". */
export function valueTextOf(measure: ReadingMeasure, values: Record<string, unknown>): string {
  switch (measure) {
    case 'bp': {
      const mean = isRecord(values['mean']) ? values['mean'] : values;
      return `${num(mean['systolicMmHg']) ?? '–'}/${num(mean['diastolicMmHg']) ?? '–'}`;
    }
    case 'glucose':
      return String(num(values['glucoseMmolL']) ?? '–');
    case 'weight':
      return String(num(values['weightKg']) ?? '–');
    case 'hcy':
      return String(num(values['hcyUmolL']) ?? '–');
    case 'lipids': {
      const parts: string[] = [];
      if (num(values['ldlCholesterolMmolL']) !== null) parts.push(`LDL-C ${num(values['ldlCholesterolMmolL'])}`);
      if (num(values['totalCholesterolMmolL']) !== null) parts.push(`总胆固醇 ${num(values['totalCholesterolMmolL'])}`);
      if (num(values['triglyceridesMmolL']) !== null) parts.push(`甘油三酯 ${num(values['triglyceridesMmolL'])}`);
      if (num(values['hdlCholesterolMmolL']) !== null) parts.push(`HDL-C ${num(values['hdlCholesterolMmolL'])}`);
      return parts.join('，') || '–';
    }
  }
}

export const measureUnits: Record<ReadingMeasure, string> = { bp: 'mmHg', glucose: 'mmol/L', weight: 'kg', lipids: 'mmol/L', hcy: 'μmol/L' };

/** The target the way a person reads it: "目标：低于 135/85". */
export function targetText(measure: ReadingMeasure, target: Record<string, unknown> | null): string | null {
  if (!target) return null;
  switch (measure) {
    case 'bp': {
      const s = num(target['systolicBelowMmHg']);
      const d = num(target['diastolicBelowMmHg']);
      return s !== null && d !== null ? `目标：低于 ${s}/${d}` : null;
    }
    case 'glucose': {
      const min = num(target['fastingMinMmolL']);
      const max = num(target['fastingBelowMmolL']);
      const below = num(target['nonFastingBelowMmolL']);
      return min !== null && max !== null ? `目标：空腹 ${min}–${max}${below !== null ? `，餐后低于 ${below}` : ''}` : null;
    }
    case 'hcy': {
      const below = num(target['belowUmolL']);
      return below !== null ? `目标：低于 ${below}` : null;
    }
    case 'lipids': {
      const ldl = num(target['ldlBelowMmolL']);
      return ldl !== null ? `目标：LDL-C 低于 ${ldl}` : null;
    }
    case 'weight':
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Logging through the offline queue

export interface ReadingResultView {
  measure: ReadingMeasure;
  /** "184/111 mmHg" */
  valueText: string;
  gradeText: string | null;
  tone: GradeTone;
  atTargetText: string | null;
  targetText: string | null;
  urgent: boolean;
  /** Urgent only: "血压很高（3级），需要立即处理", what to do now and when to call 120. */
  urgentPlan: UrgentPlanView | null;
  /** The service raised an alert for the doctor team. */
  teamNotified: boolean;
  warnings: string[];
  duplicate: boolean;
  /** "+2 积分" at once; "积分稍后到账" when an earlier entry is still being credited; null: none. */
  pointsText: string | null;
}

/** What the saved reading earns, in words (the caps come from the shared points rules). */
export function pointsTextOf(preview: PointsPreviewDto | null, measure: ReadingMeasure): string | null {
  if (!preview) return null;
  if (!preview.certain) return '积分稍后到账';
  if (preview.points > 0) return `+${preview.points} 积分`;
  switch (preview.reason) {
    case 'capped_by_daily_limit':
      return `今天记录${measureLabels[measure]}的积分已经得过了，明天再记还有`;
    case 'capped_by_monthly_limit':
      return '本月记录读数的积分已到上限，下个月再记还有';
    case 'capped_by_yearly_limit':
    case 'capped_by_yearly_limit_for_event_type':
      return '今年的积分已到上限';
    default:
      return null;
  }
}

export interface UrgentPlanView {
  headline: string;
  steps: string[];
  call120Symptoms: string[];
}

/** The plan for an urgent value's reason codes (the same rules on the phone as on the service). */
export function urgentPlanView(reasons: readonly string[]): UrgentPlanView | null {
  const plan = urgentPlanOf(reasons);
  return plan ? { headline: plan.headline, steps: plan.steps, call120Symptoms: plan.call120Symptoms } : null;
}

/** The service's answer to `POST …/readings` → what the result card shows. */
export function readingResultView(data: unknown): ReadingResultView {
  if (!isRecord(data) || !isRecord(data['reading'])) throw new ApiError({ code: 'unexpected_response', status: 200 });
  const reading = data['reading'];
  const measure = reading['measure'] as ReadingMeasure;
  const assessment = isRecord(reading['assessment']) ? reading['assessment'] : {};
  const grade = typeof assessment['grade'] === 'string' ? assessment['grade'] : null;
  const urgent = assessment['urgent'] === true;
  const atTarget = typeof assessment['atTarget'] === 'boolean' ? assessment['atTarget'] : null;
  const values = isRecord(reading['values']) ? reading['values'] : {};
  const urgentReasons = Array.isArray(assessment['urgentReasons']) ? assessment['urgentReasons'].filter((r): r is string => typeof r === 'string') : [];
  const timing = typeof values['timing'] === 'string' ? glucoseTimingLabels[values['timing'] as keyof typeof glucoseTimingLabels] : undefined;
  const bmi = num(values['bmi']);
  const extra = measure === 'glucose' && timing ? `（${timing}）` : measure === 'weight' && bmi !== null ? `，BMI ${bmi}` : '';
  return {
    measure,
    valueText: `${valueTextOf(measure, values)} ${measureUnits[measure]}${extra}`,
    gradeText: grade ? (gradeLabels[grade] ?? grade) : null,
    tone: gradeTone(grade, urgent),
    atTargetText: atTarget === null ? null : atTarget ? '达标' : '未达标',
    targetText: targetText(measure, isRecord(assessment['target']) ? assessment['target'] : null),
    urgent,
    urgentPlan: urgent ? urgentPlanView(urgentReasons) : null,
    teamNotified: isRecord(data['alert']),
    // An urgent value's own "请确认读数" is replaced by its plan: nothing left to confirm.
    warnings: Array.isArray(assessment['warnings'])
      ? assessment['warnings'].flatMap((w) => (isRecord(w) && typeof w['message'] === 'string' && !isWarningCoveredByUrgency(String(w['code']), urgentReasons) ? [w['message']] : []))
      : [],
    duplicate: data['duplicate'] === true,
    pointsText: pointsTextOf(pointsPreviewSchema.nullable().catch(null).parse(data['points'] ?? null), measure),
  };
}

/** How an API failure affects a queued reading: keep it for later, or drop it and say why. */
export function sendOutcomeOf(error: unknown): SendOutcome {
  if (!isApiError(error)) return { kind: 'retryLater', message: '网络不给力，已保存在手机上，稍后会自动上传' };
  const temporary = error.status === 0 || error.status >= 500 || error.code === 'rate_limited' || error.code === 'session_expired' || error.code === 'session_required';
  if (temporary) return { kind: 'retryLater', message: error.message };
  const issues = isRecord(error.details) && Array.isArray(error.details['issues']) ? error.details['issues'] : [];
  const first = issues.find((issue): issue is { message: string } => isRecord(issue) && typeof issue['message'] === 'string');
  return { kind: 'rejected', message: first ? first.message : error.message };
}

export type SubmitOutcome =
  | { kind: 'saved'; result: ReadingResultView }
  /** Kept on the phone; urgent advice (judged locally) still shows at once. */
  | { kind: 'queued'; message: string; urgentPlan: UrgentPlanView | null }
  | { kind: 'rejected'; message: string };

function postReading(residentId: string, body: Record<string, unknown>, redirectOnSessionError: boolean): Promise<unknown> {
  return api.post<unknown>(residentPath(residentId, '/readings'), body, { redirectOnSessionError });
}

/** The active profile, loading it when the app was opened straight on a records page. */
export async function activeProfileOrLoad(): Promise<ActiveProfile> {
  const active = getActiveProfile();
  const session = readSession();
  if (active && session && active.accountId === session.accountId) return active;
  const loaded = await loadMyProfile();
  if (!loaded.active) throw new ApiError({ code: 'account_not_bound', status: 403 });
  return loaded.active;
}

/**
 * Queues the reading (client id + original time), then sends it. Acknowledged → removed from the
 * queue; no network → stays queued and syncs later; refused for good → removed, with the reason.
 */
export async function submitReading(draft: EntryDraft, clientReadingId: string): Promise<SubmitOutcome> {
  const profile = await activeProfileOrLoad();
  const body = buildReadingBody(draft, clientReadingId);
  addToQueue({ clientReadingId, accountId: profile.accountId, residentId: profile.residentId, body, queuedAt: new Date().toISOString(), attempts: 0, lastError: null });
  try {
    const data = await postReading(profile.residentId, body, true);
    removeFromQueue(clientReadingId);
    // Anything else queued earlier goes along now that the network is back.
    void syncPendingReadings();
    return { kind: 'saved', result: readingResultView(data) };
  } catch (error) {
    const outcome = sendOutcomeOf(error);
    if (outcome.kind === 'rejected') {
      removeFromQueue(clientReadingId);
      return { kind: 'rejected', message: outcome.message };
    }
    const local = localUrgency(body);
    return { kind: 'queued', message: '网络不给力，这次记录已保存在手机上，联网后会自动上传', urgentPlan: local.urgent ? urgentPlanView(local.reasons) : null };
  }
}

async function sendQueued(item: QueuedReading): Promise<SendOutcome> {
  try {
    await postReading(item.residentId, item.body, false);
    return { kind: 'acknowledged' };
  } catch (error) {
    return sendOutcomeOf(error);
  }
}

/** Sends whatever this account has queued (on app show, after a submit, from 重新同步). */
/** Fired after queued readings reached the service, so open screens (记录, 首页) reload. */
export const readingsSynced = 'pb:readingsSynced';

export async function syncPendingReadings(): Promise<SyncSummary | null> {
  const session = readSession();
  if (!session) return null;
  const summary = await syncQueue(session.accountId, sendQueued);
  if (summary.sent > 0) Taro.eventCenter.trigger(readingsSynced, summary);
  return summary;
}

export function syncSummaryText(summary: SyncSummary | null): string {
  if (!summary) return '请先登录';
  const parts: string[] = [];
  if (summary.sent > 0) parts.push(`已上传 ${summary.sent} 条`);
  if (summary.remaining > 0) parts.push(`还有 ${summary.remaining} 条未上传，请检查网络后再试`);
  for (const rejected of summary.rejected) parts.push(`一条${measureLabels[rejected.measure as ReadingMeasure] ?? ''}记录未能保存：${rejected.message}`);
  return parts.join('；') || '没有需要上传的记录';
}

// ---------------------------------------------------------------------------------------------
// History, control status, latest values

export interface HistoryPointView {
  id: string;
  measuredAt: string;
  timeMs: number;
  dateText: string;
  /** Plotted values by series key, e.g. { systolicMmHg: 184, diastolicMmHg: 111 }. */
  values: Record<string, number>;
  valueText: string;
  gradeText: string | null;
  atTargetText: string | null;
  tone: GradeTone;
  /** The dot's colour on the chart, as its legend reads: 达标 green, 未达标 amber (orange when well above), 紧急 red. */
  chartTone: GradeTone;
  urgent: boolean;
  /** A relative entered it in the resident's name: the list says 家属代录. */
  enteredByFamily: boolean;
}

/**
 * What a chart dot says. The legend promises "green = 达标", so a reading at the resident's target
 * is green even when its grade is 正常高值 (issue 14: 达标 points were drawn amber).
 */
export function chartToneOf(atTarget: boolean | null, gradeToneValue: GradeTone): GradeTone {
  if (gradeToneValue === 'urgent') return 'urgent';
  if (atTarget === true) return 'good';
  if (atTarget === false) return gradeToneValue === 'high' ? 'high' : 'watch';
  return gradeToneValue;
}

export interface HistorySeries {
  key: string;
  label: string;
}

export interface TargetBand {
  /** Values inside [fromValue, toValue) are at target. */
  fromValue: number;
  toValue: number;
  label: string;
}

export interface HistoryView {
  measure: ReadingMeasure;
  days: number;
  fromMs: number;
  toMs: number;
  unit: string;
  series: HistorySeries[];
  bands: TargetBand[];
  targetText: string | null;
  /** Oldest first (the chart); the list shows them newest first. */
  points: HistoryPointView[];
}

export function seriesOf(measure: ReadingMeasure): HistorySeries[] {
  switch (measure) {
    case 'bp':
      return [
        { key: 'systolicMmHg', label: '高压' },
        { key: 'diastolicMmHg', label: '低压' },
      ];
    case 'glucose':
      return [{ key: 'glucoseMmolL', label: '血糖' }];
    case 'weight':
      return [{ key: 'weightKg', label: '体重' }];
    case 'hcy':
      return [{ key: 'hcyUmolL', label: '同型半胱氨酸' }];
    case 'lipids':
      return [
        { key: 'ldlCholesterolMmolL', label: 'LDL-C' },
        { key: 'totalCholesterolMmolL', label: '总胆固醇' },
      ];
  }
}

/** The target zone(s) drawn behind the points. */
export function bandsOf(measure: ReadingMeasure, target: Record<string, unknown> | null): TargetBand[] {
  if (!target) return [];
  switch (measure) {
    case 'bp': {
      const s = num(target['systolicBelowMmHg']);
      const d = num(target['diastolicBelowMmHg']);
      // Lower edges: below these a home reading is low (docs/clinical-rules.md §8 soft warnings).
      return [...(s !== null ? [{ fromValue: 90, toValue: s, label: `高压 <${s}` }] : []), ...(d !== null ? [{ fromValue: 50, toValue: d, label: `低压 <${d}` }] : [])];
    }
    case 'glucose': {
      const min = num(target['fastingMinMmolL']);
      const max = num(target['fastingBelowMmolL']);
      return min !== null && max !== null ? [{ fromValue: min, toValue: max, label: `空腹 ${min}–${max}` }] : [];
    }
    case 'hcy': {
      const below = num(target['belowUmolL']);
      return below !== null ? [{ fromValue: 0, toValue: below, label: `<${below}` }] : [];
    }
    case 'lipids': {
      const ldl = num(target['ldlBelowMmolL']);
      return ldl !== null ? [{ fromValue: 0, toValue: ldl, label: `LDL-C <${ldl}` }] : [];
    }
    case 'weight':
      return [];
  }
}

/** `GET …/readings?measure&days` → the chart's view model. */
export function historyView(data: unknown): HistoryView {
  if (!isRecord(data) || !Array.isArray(data['points'])) throw new ApiError({ code: 'unexpected_response', status: 200 });
  const measure = data['measure'] as ReadingMeasure;
  const target = isRecord(data['target']) ? data['target'] : null;
  const keys = seriesOf(measure).map((s) => s.key);
  const points = data['points'].filter(isRecord).map((p): HistoryPointView => {
    const values = isRecord(p['values']) ? p['values'] : {};
    const plotted: Record<string, number> = {};
    for (const key of keys) {
      const value = num(values[key]);
      if (value !== null) plotted[key] = value;
    }
    const grade = typeof p['grade'] === 'string' ? p['grade'] : null;
    const urgent = p['urgent'] === true;
    const atTarget = typeof p['atTarget'] === 'boolean' ? p['atTarget'] : null;
    const measuredAt = String(p['measuredAt']);
    const bmi = num(values['bmi']);
    return {
      id: String(p['readingId']),
      measuredAt,
      timeMs: Date.parse(measuredAt),
      dateText: formatDateTime(measuredAt),
      values: plotted,
      valueText: `${valueTextOf(measure, values)}${measure === 'weight' && bmi !== null ? `（BMI ${bmi}）` : ''}`,
      gradeText: grade ? (gradeLabels[grade] ?? grade) : null,
      atTargetText: atTarget === null ? null : atTarget ? '达标' : '未达标',
      tone: gradeTone(grade, urgent),
      chartTone: chartToneOf(atTarget, gradeTone(grade, urgent)),
      urgent,
      enteredByFamily: p['enteredByFamily'] === true,
    };
  });
  return {
    measure,
    days: num(data['days']) ?? 30,
    fromMs: Date.parse(String(data['from'])),
    toMs: Date.parse(String(data['to'])),
    unit: measureUnits[measure],
    series: seriesOf(measure),
    bands: bandsOf(measure, target),
    targetText: targetText(measure, target),
    points,
  };
}

export async function loadReadingHistory(measure: ReadingMeasure, days: 7 | 30 | 90): Promise<HistoryView> {
  const profile = await activeProfileOrLoad();
  return historyView(await residentRequest<unknown>('/readings', { query: { measure, days } }, profile));
}

export interface ControlStatusView {
  measure: ReadingMeasure;
  /** "本月血压达标 6/8 次" */
  text: string;
  diagnosed: boolean;
  tone: GradeTone;
}

export function controlStatusViews(data: unknown): ControlStatusView[] {
  if (!isRecord(data) || !Array.isArray(data['statuses'])) throw new ApiError({ code: 'unexpected_response', status: 200 });
  return data['statuses'].filter(isRecord).map((s) => {
    const count = num(s['readingCount']) ?? 0;
    const atTarget = num(s['atTargetCount']) ?? 0;
    return {
      measure: s['measure'] as ReadingMeasure,
      text: String(s['text']),
      diagnosed: s['diagnosed'] === true,
      tone: count === 0 ? 'none' : atTarget === count ? 'good' : atTarget * 2 >= count ? 'watch' : 'high',
    };
  });
}

export async function loadControlStatus(): Promise<ControlStatusView[]> {
  const profile = await activeProfileOrLoad();
  return controlStatusViews(await residentRequest<unknown>('/control-status', {}, profile));
}

export interface LatestReadingView {
  measure: ReadingMeasure;
  label: string;
  valueText: string;
  dateText: string;
  gradeText: string | null;
  tone: GradeTone;
  /** Plotted values of the latest point (suggestions on the entry screens). */
  values: Record<string, number>;
}

export function latestOf(view: HistoryView): LatestReadingView | null {
  const last = view.points[view.points.length - 1];
  if (!last) return null;
  return { measure: view.measure, label: measureLabels[view.measure], valueText: `${last.valueText} ${view.unit}`, dateText: last.dateText, gradeText: last.gradeText, tone: last.tone, values: last.values };
}

/** The latest reading of each measure in the last 90 days (首页 最近读数, the 记录 tab). */
export async function loadLatestReadings(measures: readonly ReadingMeasure[] = ['bp', 'glucose', 'weight']): Promise<LatestReadingView[]> {
  const profile = await activeProfileOrLoad();
  const views = await Promise.all(measures.map((measure) => residentRequest<unknown>('/readings', { query: { measure, days: 90 } }, profile).then(historyView)));
  return views.map(latestOf).filter((v): v is LatestReadingView => v !== null);
}

/** The last values of one measure, to suggest on its entry screen; null when none or offline. */
export async function loadLastReading(measure: ReadingMeasure): Promise<LatestReadingView | null> {
  try {
    const [latest] = await loadLatestReadings([measure]);
    return latest ?? null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Export (PDF / CSV)

export type ExportKind = 'pdf' | 'csv';

export function exportPath(residentId: string, kind: ExportKind): string {
  return residentPath(residentId, `/readings/export.${kind}`);
}

/**
 * Downloads the export with the session and opens it: weapp → downloadFile + openDocument (the
 * user can forward it to the doctor from there); H5 → fetch with the Authorization header, then a
 * blob URL in a new tab (a plain link would not carry the session).
 */
export async function exportReadings(kind: ExportKind): Promise<void> {
  const profile = await activeProfileOrLoad();
  const session = readSession();
  if (!session) throw new ApiError({ code: 'session_required', status: 401 });
  const url = `${apiBaseUrl}${exportPath(profile.residentId, kind)}`;
  const headers = { Authorization: `Bearer ${session.token}` };
  if (process.env.TARO_ENV === 'h5') {
    let response: Response;
    try {
      response = await fetch(url, { headers });
    } catch (cause) {
      throw new ApiError({ code: 'network_unavailable', status: 0, details: cause });
    }
    if (!response.ok) throw new ApiError({ code: response.status === 403 ? 'access_denied' : 'internal_error', status: response.status });
    const blobUrl = URL.createObjectURL(await response.blob());
    window.open(blobUrl, '_blank');
    return;
  }
  const downloaded = await Taro.downloadFile({ url, header: headers }).catch((cause: unknown) => {
    throw new ApiError({ code: 'network_unavailable', status: 0, details: cause });
  });
  if (downloaded.statusCode !== 200) throw new ApiError({ code: downloaded.statusCode === 403 ? 'access_denied' : 'internal_error', status: downloaded.statusCode });
  if (kind === 'pdf') {
    await Taro.openDocument({ filePath: downloaded.tempFilePath, fileType: 'pdf', showMenu: true });
    return;
  }
  // WeChat cannot preview a CSV file; it can send it to a chat (the doctor) straight away.
  await Taro.shareFileMessage({ filePath: downloaded.tempFilePath, fileName: `健康自测记录_${profile.name}.csv` });
}
