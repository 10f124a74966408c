import { panelPageView, staffNoticePageView, staffNoticeReadView, type PanelEntryDto, type panelConditions, type panelControls } from '../../shared/api/panel';
import { dueKindLabels, dueStatusLabels } from '../../shared/vocabulary';
import { parsed } from './apiSchema';
import { formatCalendarDay, formatDateTime } from './displayTime';
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

export type ConditionKey = (typeof panelConditions)[number];
export type ControlKey = (typeof panelControls)[number];
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

const controlBadges: Record<ControlKey, Badge> = {
  atTarget: { key: 'control', text: '达标', tone: 'ok' },
  notAtTarget: { key: 'control', text: '未达标', tone: 'warning' },
  unknown: { key: 'control', text: '未评估', tone: 'off' },
};

const riskBadges: Record<NonNullable<PanelEntryDto['risk']['category']>, Badge> = {
  high: { key: 'risk', text: '心血管风险高危', tone: 'danger' },
  medium: { key: 'risk', text: '心血管风险中危', tone: 'warning' },
  low: { key: 'risk', text: '心血管风险低危', tone: 'ok' },
};

/** Pure: one entry of `GET /api/staff/panel` as its row. */
export function panelRowOf(entry: PanelEntryDto): PanelRowView {
  const open = entry.openAlerts;
  const badges: Badge[] = [];
  if (open > 0) badges.push({ key: 'alert', text: `预警 ${open} 条未处理`, tone: 'danger' });
  if (entry.unresolvedAlerts > open) badges.push({ key: 'acknowledged', text: '预警待关闭', tone: 'warning' });
  if (entry.overdue) badges.push({ key: 'overdue', text: '随访超期', tone: 'warning' });
  badges.push(controlBadges[entry.control]);
  const { risk, adherence } = entry;
  const riskBadge = risk.category ? riskBadges[risk.category] : undefined;
  if (riskBadge) badges.push({ ...riskBadge, text: `${riskBadge.text} ${risk.riskPercent?.toFixed(1) ?? ''}%` });
  if (risk.lifetimeHigh) badges.push({ key: 'lifetime', text: '终生风险高', tone: 'warning' });
  if (adherence.level === 'poor') badges.push({ key: 'adherence', text: `依从性差 ${adherence.percent ?? 0}%`, tone: 'warning' });
  else if (adherence.level === 'good') badges.push({ key: 'adherence', text: `按时服药 ${adherence.percent ?? 0}%`, tone: 'ok' });
  const dueBy = entry.followUpDueBy;
  const last = entry.lastFollowUpOn;
  const followUpText = dueBy ? `${dueKindLabels.faceToFaceFollowUp} ${formatCalendarDay(dueBy)}前${entry.overdue ? `（${dueStatusLabels.overdue}）` : ''}` : last ? `上次随访 ${formatCalendarDay(last)}` : null;
  return {
    residentId: entry.residentId,
    nameMasked: maskName(entry.name),
    sexAgeText: sexAgeText(entry.sex, entry.ageYears),
    conditionsText: conditionsText(entry.conditions),
    badges,
    followUpText,
    urgent: open > 0,
  };
}

export const panelPageSize = 20;

export async function loadPanelPage(filters: PanelFilters, page: number): Promise<PanelPage> {
  const query = {
    condition: filters.condition ?? undefined,
    control: filters.control ?? undefined,
    risk: filters.risk ?? undefined,
    overdue: filters.overdue ? true : undefined,
    openAlerts: filters.openAlerts ? true : undefined,
    adherence: filters.poorAdherence ? 'poor' : undefined,
    page,
    pageSize: panelPageSize,
  };
  const data = await parsed(panelPageView, api.get('/api/staff/panel', { query }));
  return { rows: data.residents.map(panelRowOf), total: data.total, page, hasMore: page * panelPageSize < data.total };
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
  const data = await parsed(staffNoticePageView, api.get('/api/staff/notices', { query: { pageSize: 5 } }));
  return data.notices.map((n) => {
    const residentId = n.refs['residentId'];
    return {
      noticeId: n.noticeId,
      title: n.title || '工作通知',
      body: n.body,
      timeText: formatDateTime(n.createdAt),
      unread: n.readAt === null,
      residentId: typeof residentId === 'string' && residentId !== '' ? residentId : null,
    };
  });
}

/** Best effort: a notice the doctor has opened no longer counts as unread. */
export async function markNoticeRead(noticeId: string): Promise<void> {
  await parsed(staffNoticeReadView, api.post(`/api/staff/notices/${encodeURIComponent(noticeId)}/read`, {}));
}
