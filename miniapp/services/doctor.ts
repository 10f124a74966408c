import { gradeLabels } from '../../shared/clinical/labels';
import { contractStatusLabels, dueKindLabels, dueStatusLabels, followUpFormLabels, followUpModeLabels, labelOf } from '../../shared/vocabulary';
import { clinicalReasonMessages } from '../../shared/clinical/reasonMessages';
import { ApiError } from './apiError';
import { formatAgo, formatCalendarDay, formatDateTime, formatDayRange } from './displayTime';
import { openProtectedFile, type ProtectedFileOutcome } from './fileExport';
import { api } from './http';
import { isReadingMeasure, measureLabels } from './readingForms';
import { measureUnits, valueTextOf } from './readings';
import { conditionLabels, labLines } from './records';

/**
 * 家庭医生工作台 (doctors of a team only): the team panel, one resident's summary with open alerts,
 * the alert actions (确认收到 → 拨打电话 → 关闭), the printed passbook statement and in-person proxy
 * verification. The only code that calls these endpoints; pages get view models.
 *
 *   loadPanelPage(filters, page)    GET  /api/staff/panel
 *   loadStaffNotices()              GET  /api/staff/notices
 *   markNoticeRead(noticeId)        POST /api/staff/notices/:noticeId/read
 *   loadResidentDetail(id)          GET  /api/staff/residents/:id (+ GET /api/residents/:id/passbook)
 *   acknowledgeAlert(alertId)       POST /api/staff/alerts/:alertId/acknowledge
 *   closeAlert(alertId, note)       POST /api/staff/alerts/:alertId/close
 *   revealPhone(residentId, alert)  POST /api/staff/residents/:id/phone   (audited; only on 拨打电话)
 *   printStatement(id, name)        GET  /api/staff/residents/:id/passbook/statement.pdf
 *   verifyProxyInPerson(id, form)   POST /api/staff/residents/:id/proxy-links
 */
export { doctorRoutes, residentPage } from './staffRoutes';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const unexpected = () => new ApiError({ code: 'unexpected_response', status: 200 });
const staffPath = (residentId: string, suffix: string) => `/api/staff/residents/${encodeURIComponent(residentId)}${suffix}`;
const residentPath = (residentId: string, suffix: string) => `/api/residents/${encodeURIComponent(residentId)}${suffix}`;

// ---------------------------------------------------------------------------------------------
// Names and small labels

/** 王建国 → 王*国, 张三 → 张*, 欧阳娜娜 → 欧**娜; Latin names keep their first letter. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

const sexLabels: Record<string, string> = { male: '男', female: '女' };

export function sexAgeText(sex: unknown, ageYears: unknown): string | null {
  const parts = [typeof sex === 'string' ? sexLabels[sex] : undefined, num(ageYears) !== null ? `${String(ageYears)}岁` : undefined].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : null;
}

export const shortConditionLabels: Record<string, string> = { hypertension: '高血压', hyperglycemia: '糖尿病', dyslipidemia: '血脂异常', hyperhomocysteinemia: '高Hcy' };

export function conditionsText(conditions: readonly string[]): string {
  return conditions.length > 0 ? conditions.map((c) => shortConditionLabels[c] ?? conditionLabels[c] ?? c).join('、') : '暂无四高诊断';
}

// ---------------------------------------------------------------------------------------------
// Panel

export type ConditionKey = 'hypertension' | 'hyperglycemia' | 'dyslipidemia' | 'hyperhomocysteinemia';
export type ControlKey = 'atTarget' | 'notAtTarget' | 'unknown';
export type RiskKey = 'high' | 'medium' | 'low' | 'unknown';

export interface PanelFilters {
  condition: ConditionKey | null;
  control: ControlKey | null;
  risk: RiskKey | null;
  overdue: boolean;
  openAlerts: boolean;
  /** 依从性差: fewer than 80 % of the last 30 days with every dose taken. */
  poorAdherence: boolean;
}

export const noPanelFilters: PanelFilters = { condition: null, control: null, risk: null, overdue: false, openAlerts: false, poorAdherence: false };

export const conditionFilterOptions = [
  { key: 'all', label: '全部病种' },
  { key: 'hypertension', label: '高血压' },
  { key: 'hyperglycemia', label: '糖尿病' },
  { key: 'dyslipidemia', label: '血脂异常' },
  { key: 'hyperhomocysteinemia', label: '高Hcy' },
] as const;

export const controlFilterOptions = [
  { key: 'all', label: '全部' },
  { key: 'notAtTarget', label: '未达标' },
  { key: 'atTarget', label: '达标' },
  { key: 'unknown', label: '未评估' },
] as const;

/** The China-PAR 10-year category (疾病风险评估). */
export const riskFilterOptions = [
  { key: 'all', label: '全部' },
  { key: 'high', label: '高危' },
  { key: 'medium', label: '中危' },
  { key: 'low', label: '低危' },
  { key: 'unknown', label: '资料不全' },
] as const;

export const flagFilterOptions = [
  { key: 'openAlerts', label: '有预警' },
  { key: 'poorAdherence', label: '依从性差' },
  { key: 'overdue', label: '随访超期' },
] as const;

export function isFiltered(filters: PanelFilters): boolean {
  return filters.condition !== null || filters.control !== null || filters.risk !== null || filters.overdue || filters.openAlerts || filters.poorAdherence;
}

/** "高血压 · 未达标 · 风险高危" for the collapsed filter line; '' when none is chosen. */
export function filterSummary(filters: PanelFilters): string {
  const condition = conditionFilterOptions.find((o) => o.key === filters.condition)?.label;
  const control = controlFilterOptions.find((o) => o.key === filters.control)?.label;
  const risk = riskFilterOptions.find((o) => o.key === filters.risk)?.label;
  return [condition, control, risk ? `风险${risk}` : undefined].filter(Boolean).join(' · ');
}

/** The page-kit tag tones (`pb-tag--<tone>`). */
export type BadgeTone = 'danger' | 'warning' | 'ok' | 'off';

export interface Badge {
  key: string;
  text: string;
  tone: BadgeTone;
}

export interface PanelRowView {
  residentId: string;
  nameMasked: string;
  /** "男 · 68岁", or null when the service did not say */
  sexAgeText: string | null;
  conditionsText: string;
  badges: Badge[];
  /** "面对面随访 2026年6月1日前" / "上次随访 …" */
  followUpText: string | null;
  /** Has an open (unacknowledged) alert: the row is drawn in red. */
  urgent: boolean;
}

export interface PanelPage {
  rows: PanelRowView[];
  total: number;
  page: number;
  hasMore: boolean;
}

const controlBadges: Record<string, Badge> = {
  atTarget: { key: 'control', text: '达标', tone: 'ok' },
  notAtTarget: { key: 'control', text: '未达标', tone: 'warning' },
  unknown: { key: 'control', text: '未评估', tone: 'off' },
};

const riskBadges: Record<string, Badge> = {
  high: { key: 'risk', text: '心血管风险高危', tone: 'danger' },
  medium: { key: 'risk', text: '心血管风险中危', tone: 'warning' },
  low: { key: 'risk', text: '心血管风险低危', tone: 'ok' },
};

/** Pure: one entry of `GET /api/staff/panel` as its row. */
export function panelRowOf(entry: Record<string, unknown>): PanelRowView {
  const residentId = str(entry['residentId']);
  if (!residentId) throw unexpected();
  const conditions = Array.isArray(entry['conditions']) ? entry['conditions'].filter((c): c is string => typeof c === 'string') : [];
  const open = num(entry['openAlerts']) ?? 0;
  const unresolved = num(entry['unresolvedAlerts']) ?? open;
  const badges: Badge[] = [];
  if (open > 0) badges.push({ key: 'alert', text: `预警 ${open} 条未处理`, tone: 'danger' });
  if (unresolved > open) badges.push({ key: 'acknowledged', text: '预警待关闭', tone: 'warning' });
  if (entry['overdue'] === true) badges.push({ key: 'overdue', text: '随访超期', tone: 'warning' });
  badges.push(controlBadges[String(entry['control'])] ?? controlBadges['unknown']!);
  const risk = isRecord(entry['risk']) ? entry['risk'] : {};
  const riskBadge = riskBadges[String(risk['category'])];
  if (riskBadge) badges.push({ ...riskBadge, text: `${riskBadge.text} ${num(risk['riskPercent'])?.toFixed(1) ?? ''}%` });
  if (risk['lifetimeHigh'] === true) badges.push({ key: 'lifetime', text: '终生风险高', tone: 'warning' });
  const adherence = isRecord(entry['adherence']) ? entry['adherence'] : {};
  const percent = num(adherence['percent']);
  if (adherence['level'] === 'poor') badges.push({ key: 'adherence', text: `依从性差 ${percent ?? 0}%`, tone: 'warning' });
  else if (adherence['level'] === 'good') badges.push({ key: 'adherence', text: `按时服药 ${percent ?? 0}%`, tone: 'ok' });
  const dueBy = str(entry['followUpDueBy']);
  const last = str(entry['lastFollowUpOn']);
  const followUpText = dueBy ? `${dueKindLabels.faceToFaceFollowUp} ${formatCalendarDay(dueBy)}前${entry['overdue'] === true ? `（${dueStatusLabels.overdue}）` : ''}` : last ? `上次随访 ${formatCalendarDay(last)}` : null;
  return {
    residentId,
    nameMasked: str(entry['nameMasked']) ?? maskName(str(entry['name']) ?? ''),
    sexAgeText: sexAgeText(entry['sex'], entry['ageYears']),
    conditionsText: conditionsText(conditions),
    badges,
    followUpText,
    urgent: open > 0,
  };
}

export const panelPageSize = 20;

export async function loadPanelPage(filters: PanelFilters, page: number): Promise<PanelPage> {
  const data = await api.get<unknown>('/api/staff/panel', {
    query: {
      condition: filters.condition ?? undefined,
      control: filters.control ?? undefined,
      risk: filters.risk ?? undefined,
      overdue: filters.overdue ? true : undefined,
      openAlerts: filters.openAlerts ? true : undefined,
      adherence: filters.poorAdherence ? 'poor' : undefined,
      page,
      pageSize: panelPageSize,
    },
  });
  if (!isRecord(data) || !Array.isArray(data['residents'])) throw unexpected();
  const total = num(data['total']) ?? 0;
  const rows = data['residents'].filter(isRecord).map(panelRowOf);
  return { rows, total, page, hasMore: page * panelPageSize < total };
}

export interface StaffNoticeView {
  noticeId: string;
  title: string;
  body: string;
  timeText: string;
  unread: boolean;
  residentId: string | null;
}

/** 工作通知, e.g. an alert open for 24 h escalated to this team lead. */
export async function loadStaffNotices(): Promise<StaffNoticeView[]> {
  const data = await api.get<unknown>('/api/staff/notices', { query: { pageSize: 5 } });
  if (!isRecord(data) || !Array.isArray(data['notices'])) throw unexpected();
  return data['notices'].filter(isRecord).map((n) => ({
    noticeId: String(n['noticeId']),
    title: str(n['title']) ?? '工作通知',
    body: str(n['body']) ?? '',
    timeText: formatDateTime(str(n['createdAt'])),
    unread: n['readAt'] === null,
    residentId: isRecord(n['refs']) ? str(n['refs']['residentId']) : null,
  }));
}

/** Best effort: a notice the doctor has opened no longer counts as unread. */
export async function markNoticeRead(noticeId: string): Promise<void> {
  await api.post<unknown>(`/api/staff/notices/${encodeURIComponent(noticeId)}/read`, {});
}

// ---------------------------------------------------------------------------------------------
// Alerts

export type AlertState = 'open' | 'acknowledged' | 'closed';

export interface AlertView {
  alertId: string;
  state: AlertState;
  stateText: string;
  /** "186/104 mmHg" or "血糖 17.2 mmol/L" */
  valueText: string;
  reasonsText: string;
  raisedText: string;
  /** "12 分钟前" */
  agoText: string;
  acknowledgedText: string | null;
  closeNote: string | null;
}

const alertStateTexts: Record<AlertState, string> = { open: '未处理', acknowledged: '已确认，待关闭', closed: '已关闭' };

function alertValueText(measure: string, values: Record<string, unknown>): string {
  const sbp = num(values['systolicMmHg']);
  const dbp = num(values['diastolicMmHg']);
  if (sbp !== null && dbp !== null) return `血压 ${sbp}/${dbp} mmHg`;
  const glucose = num(values['glucoseMmolL']);
  if (glucose !== null) return `血糖 ${glucose} mmol/L`;
  return measure === 'bp' ? '血压' : measure;
}

/** Pure: an alert of the service as the detail screen shows it. */
export function alertViewOf(alert: Record<string, unknown>, nowMs: number = Date.now()): AlertView {
  const state = (['open', 'acknowledged', 'closed'] as const).find((s) => s === alert['state']) ?? 'open';
  const reasons = Array.isArray(alert['reasons']) ? alert['reasons'].filter((r): r is string => typeof r === 'string') : [];
  const raisedAt = str(alert['raisedAt']);
  return {
    alertId: String(alert['alertId']),
    state,
    stateText: alertStateTexts[state],
    valueText: alertValueText(String(alert['measure']), isRecord(alert['values']) ? alert['values'] : {}),
    reasonsText: reasons.map((r) => (clinicalReasonMessages as Record<string, string>)[r] ?? '紧急值').join('；'),
    raisedText: formatDateTime(raisedAt),
    agoText: formatAgo(raisedAt, nowMs),
    acknowledgedText: str(alert['acknowledgedAt']) ? `已确认 ${formatDateTime(str(alert['acknowledgedAt']))}` : null,
    closeNote: str(alert['closeNote']),
  };
}

function readAlert(data: unknown): AlertView {
  if (!isRecord(data) || !isRecord(data['alert'])) throw unexpected();
  return alertViewOf(data['alert']);
}

export async function acknowledgeAlert(alertId: string): Promise<AlertView> {
  return readAlert(await api.post<unknown>(`/api/staff/alerts/${encodeURIComponent(alertId)}/acknowledge`, {}));
}

/** The note is required: what was done (已电话联系，复测 150/92 …). */
export function closeNoteProblem(note: string): string | null {
  if (note.trim() === '') return '请写一句处理情况，如“已电话联系，复测 150/92，已调整用药”';
  if (note.trim().length > 500) return '处理说明最多 500 字';
  return null;
}

export async function closeAlert(alertId: string, note: string): Promise<AlertView> {
  return readAlert(await api.post<unknown>(`/api/staff/alerts/${encodeURIComponent(alertId)}/close`, { note: note.trim() }));
}

/** The resident's phone number, revealed for this call only (the service records who asked and why). */
export async function revealPhone(residentId: string, alertId: string | null): Promise<string> {
  const data = await api.post<unknown>(staffPath(residentId, '/phone'), alertId ? { alertId, reason: '预警电话联系' } : { reason: '随访电话联系' });
  const phone = isRecord(data) ? str(data['phone']) : null;
  if (!phone) throw unexpected();
  return phone;
}

// ---------------------------------------------------------------------------------------------
// Resident detail

export interface DueLineView {
  key: string;
  title: string;
  dueText: string;
  overdue: boolean;
}

export interface ReadingLineView {
  measure: string;
  title: string;
  valueText: string;
  meta: string;
  urgent: boolean;
}

export interface FollowUpLineView {
  followUpId: string;
  title: string;
  classificationText: string | null;
  attention: boolean;
  meta: string;
}

export interface ContractLineView {
  contractId: string;
  packageName: string;
  periodText: string;
  statusText: string;
  /** active / expired / terminated */
  status: string;
  endsOn: string;
}

export interface ResidentDetailView {
  residentId: string;
  name: string;
  sexAgeText: string | null;
  ageYears: number | null;
  phoneMasked: string | null;
  idNumberMasked: string;
  conditions: string[];
  conditionsText: string;
  hTypeNote: string | null;
  contract: ContractLineView | null;
  alerts: AlertView[];
  due: DueLineView[];
  readings: ReadingLineView[];
  labs: Array<{ id: string; dateText: string; lines: string[] }>;
  followUps: FollowUpLineView[];
  /** null: the passbook could not be read just now (never blocks the screen). */
  balancePoints: number | null;
}

const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isRecord) : []);

/** Pure: due items (of the summary or of `GET /api/residents/:id/due-items`) as lines. */
export function dueLinesOf(items: unknown): DueLineView[] {
  return list(items).map((item) => ({
    key: String(item['key']),
    title: str(item['kindLabel']) ?? labelOf(dueKindLabels, str(item['kind']), '待办事项'),
    dueText: `${labelOf(dueStatusLabels, str(item['status']))} · ${formatCalendarDay(str(item['dueBy']))}前`,
    overdue: item['status'] === 'overdue',
  }));
}

export async function loadDueLines(residentId: string): Promise<DueLineView[]> {
  const data = await api.get<unknown>(residentPath(residentId, '/due-items'));
  return dueLinesOf(isRecord(data) ? data['items'] : []);
}

function readingLineOf(r: Record<string, unknown>): ReadingLineView {
  const measure = String(r['measure']);
  const values = isRecord(r['values']) ? r['values'] : {};
  const known = isReadingMeasure(measure);
  const grade = str(r['grade']);
  const verdict = r['atTarget'] === true ? '达标' : r['atTarget'] === false ? '未达标' : null;
  return {
    measure,
    title: known ? measureLabels[measure] : '读数',
    valueText: known ? `${valueTextOf(measure, values)} ${measureUnits[measure]}` : '',
    meta: [formatDateTime(str(r['measuredAt'])), grade ? (gradeLabels[grade] ?? null) : null, verdict, r['source'] === 'clinic' ? '诊室测量' : '家庭自测'].filter(Boolean).join(' · '),
    urgent: r['urgent'] === true,
  };
}

/** Pure: `GET /api/staff/residents/:id` (and the passbook balance) as the detail screen. */
export function residentDetailOf(residentId: string, summary: unknown, passbook: unknown, nowMs: number = Date.now()): ResidentDetailView {
  if (!isRecord(summary) || !isRecord(summary['resident'])) throw unexpected();
  const resident = summary['resident'];
  const conditions = Array.isArray(summary['conditions']) ? summary['conditions'].filter((c): c is string => typeof c === 'string') : [];
  const contract = isRecord(summary['contract']) ? summary['contract'] : null;
  const alerts = list(summary['openAlerts']);
  return {
    residentId,
    name: str(resident['name']) ?? '',
    sexAgeText: sexAgeText(resident['sex'], resident['ageYears']),
    ageYears: num(resident['ageYears']),
    phoneMasked: str(resident['phoneMasked']),
    idNumberMasked: str(resident['idNumberMasked']) ?? '',
    conditions,
    conditionsText: conditionsText(conditions),
    hTypeNote: summary['hTypeHypertension'] === true ? 'H型高血压（Hcy ≥ 10 μmol/L）' : null,
    contract: contract
      ? {
          contractId: String(contract['contractId']),
          packageName: str(contract['packageName']) ?? '家庭医生签约服务',
          periodText: formatDayRange(str(contract['startsOn']), str(contract['endsOn'])),
          statusText: labelOf(contractStatusLabels, str(contract['status'])),
          status: String(contract['status']),
          endsOn: String(contract['endsOn']),
        }
      : null,
    // Not yet seen first (open before acknowledged), oldest first within each.
    alerts: [...alerts.filter((a) => a['state'] === 'open'), ...alerts.filter((a) => a['state'] !== 'open')].map((a) => alertViewOf(a, nowMs)),
    due: dueLinesOf(summary['due']),
    readings: list(summary['lastReadings']).map(readingLineOf),
    labs: list(summary['lastLabResults']).map((l) => ({
      id: String(l['labResultId']),
      dateText: `${formatDateTime(str(l['measuredAt']))}${l['kind'] === 'screening' ? ' · 筛查' : ' · 化验'}`,
      lines: labLines(isRecord(l['values']) ? l['values'] : {}, isRecord(l['exams']) ? l['exams'] : {}),
    })),
    followUps: list(summary['lastFollowUps']).map((f) => {
      const sbp = num(f['systolicMmHg']);
      const dbp = num(f['diastolicMmHg']);
      return {
        followUpId: String(f['followUpId']),
        title: `${formatCalendarDay(str(f['visitedOn']))} ${labelOf(followUpFormLabels, str(f['form']), '随访')}（${labelOf(followUpModeLabels, str(f['mode']))}）`,
        classificationText: str(f['classificationLabel']),
        attention: f['classification'] !== null && f['classification'] !== 'satisfied',
        meta: [sbp !== null && dbp !== null ? `血压 ${sbp}/${dbp}` : null, str(f['nextVisitOn']) ? `下次 ${formatCalendarDay(str(f['nextVisitOn']))}` : null, str(f['doctorName'])].filter(Boolean).join(' · '),
      };
    }),
    balancePoints: isRecord(passbook) ? num(passbook['balancePoints']) : null,
  };
}

export async function loadResidentDetail(residentId: string): Promise<ResidentDetailView> {
  const [summary, passbook] = await Promise.all([
    api.get<unknown>(staffPath(residentId, '')),
    // The balance is a nicety on this screen: never let it stop the doctor from working.
    api.get<unknown>(residentPath(residentId, '/passbook')).catch(() => null),
  ]);
  return residentDetailOf(residentId, summary, passbook);
}

// ---------------------------------------------------------------------------------------------
// 打印存折明细

export async function printStatement(residentId: string, residentName: string): Promise<ProtectedFileOutcome> {
  return openProtectedFile({ path: staffPath(residentId, '/passbook/statement.pdf'), kind: 'pdf', fileName: `积分明细-${residentName || residentId}.pdf` });
}

// ---------------------------------------------------------------------------------------------
// 当面核验代办人

export const verificationMethodOptions = [
  { key: 'idCard', label: '身份证' },
  { key: 'householdRegister', label: '户口本' },
  { key: 'residenceCertificate', label: '居住证' },
  { key: 'other', label: '其他证明' },
] as const;

export const proxyScopeOptions = [
  { key: 'view', label: '查看档案和积分' },
  { key: 'logReadings', label: '代记血压血糖' },
  { key: 'book', label: '代为预约' },
  { key: 'redeem', label: '代用积分抵扣' },
] as const;

export interface ProxyVerificationDraft {
  proxyAccountId: string;
  relationship: string;
  scopes: string[];
  verificationMethod: string;
  note: string;
}

/** Pure: what is missing before the form may be sent, by field. */
export function checkProxyDraft(draft: ProxyVerificationDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!/^[a-f0-9]{24}$/.test(draft.proxyAccountId.trim().toLowerCase())) errors['proxyAccountId'] = '请输入家属「我的」页面上的账号编号（24 位字母和数字）';
  if (draft.relationship.trim() === '') errors['relationship'] = '请填写与居民的关系，如 女儿';
  if (draft.scopes.length === 0) errors['scopes'] = '请至少选择一项可以代办的事';
  if (draft.verificationMethod === '') errors['verificationMethod'] = '请选择核验用的证件';
  return errors;
}

export interface ProxyVerifiedView {
  relationship: string | null;
  scopesText: string;
  verifiedText: string;
}

export async function verifyProxyInPerson(residentId: string, draft: ProxyVerificationDraft): Promise<ProxyVerifiedView> {
  const data = await api.post<unknown>(staffPath(residentId, '/proxy-links'), {
    proxyAccountId: draft.proxyAccountId.trim().toLowerCase(),
    relationship: draft.relationship.trim(),
    scopes: draft.scopes,
    verificationMethod: draft.verificationMethod,
    ...(draft.note.trim() ? { note: draft.note.trim() } : {}),
  });
  if (!isRecord(data) || !isRecord(data['link'])) throw unexpected();
  const link = data['link'];
  const scopes = Array.isArray(link['scopes']) ? link['scopes'] : [];
  return {
    relationship: str(link['relationship']),
    scopesText: proxyScopeOptions.filter((o) => scopes.includes(o.key)).map((o) => o.label).join('、'),
    verifiedText: `核验时间 ${formatDateTime(str(data['verifiedAt']))}`,
  };
}
