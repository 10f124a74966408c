import { dueKindLabels, dueStatusLabels } from '../../shared/vocabulary';
import { formatCalendarDay, formatDateTime } from './displayTime';
import { isRecord, num, str, unexpected } from './doctorDto';
import { conditionsText, maskName, sexAgeText } from './doctorLabels';
import { api } from './http';

/**
 * 家庭医生工作台, the team panel screen (doctors of a team only): filters, rows, pages, and the
 * team's notices.
 *
 *   loadPanelPage(filters, page)    GET  /api/staff/panel
 *   loadStaffNotices()              GET  /api/staff/notices
 *   markNoticeRead(noticeId)        POST /api/staff/notices/:noticeId/read
 */

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
