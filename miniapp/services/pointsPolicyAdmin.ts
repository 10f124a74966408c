import { policyPreviewView, policyPublishedView, policyVersionsView, type PolicyVersionsDto, type StoredPolicyDto } from '../../shared/api/pointsPolicy';
import { earnEventTypes, type EarnEventType } from '../../shared/points/policy';
import { reasonLabel } from '../../shared/points/reasonLabels';
import { addCalendarDays, addCalendarMonths } from '../../shared/time/shanghai';
import { parsed } from './apiSchema';
import { formatCalendarDay } from './displayTime';
import { api } from './http';
import { fieldByPrefix, numberOf, type FieldErrors } from './staffForms';

/**
 * 积分规则 (admins only): every version, a new version scheduled for a future day, and a preview of
 * what a sample resident would earn under it next to the rules in effect.
 *
 *   loadPolicyVersions()       GET  /api/admin/points-policies
 *   previewPolicy(form, base)  POST /api/admin/points-policies/preview
 *   publishPolicy(form, base)  POST /api/admin/points-policies
 *
 * Only what differs from the latest version is sent: the service keeps the rest, so a draft never
 * silently resets a rule the form does not show (caps, contracted-only).
 */
export const earnTypeLabel = (type: EarnEventType) => reasonLabel(`earn_${type}`);

export interface PolicyNumbers {
  valueFenPerPoint: number;
  yearlyEarnCapPoints: number;
  earnPoints: Record<EarnEventType, number>;
  maxShareBasisPoints: number;
  minPoints: number;
  monthlyCapPoints: number;
}

export interface PolicyVersionView {
  version: number;
  effectiveFromText: string;
  status: 'past' | 'current' | 'upcoming';
  statusText: string;
  valueText: string;
  earningLines: Array<{ key: string; label: string; points: number; limitText: string | null }>;
  yearlyCapText: string;
  redemptionLines: string[];
  numbers: PolicyNumbers;
}

const statusTexts = { past: '已停用', current: '生效中', upcoming: '待生效' } as const;

function numbersOf(policy: StoredPolicyDto): PolicyNumbers {
  const earnPoints = Object.fromEntries(earnEventTypes.map((t) => [t, policy.earningRules[t]?.points ?? 0])) as Record<EarnEventType, number>;
  return {
    valueFenPerPoint: policy.valueFenPerPoint,
    yearlyEarnCapPoints: policy.yearlyEarnCapPoints,
    earnPoints,
    maxShareBasisPoints: policy.redemption.maxShareOfEligibleBasisPoints,
    minPoints: policy.redemption.minPoints,
    monthlyCapPoints: policy.redemption.monthlyCapPoints,
  };
}

/** Pure: `GET /api/admin/points-policies` as cards, newest first. */
export function policyVersionsOf(data: PolicyVersionsDto): PolicyVersionView[] {
  return data.versions.map((v) => ({
    version: v.version,
    effectiveFromText: formatCalendarDay(v.effectiveFrom),
    status: v.status,
    statusText: statusTexts[v.status],
    valueText: v.view.valueText,
    earningLines: v.view.earning.map((e) => ({ key: e.eventType, label: e.label, points: e.points, limitText: e.limitText })),
    yearlyCapText: v.view.yearlyCapText,
    redemptionLines: v.view.redemptionLines,
    numbers: numbersOf(v.policy),
  }));
}

export async function loadPolicyVersions(): Promise<PolicyVersionView[]> {
  return policyVersionsOf(await parsed(policyVersionsView, api.get('/api/admin/points-policies')));
}

/** The version new drafts start from: the highest version number (the service builds on it too). */
export function latestVersion(versions: readonly PolicyVersionView[]): PolicyVersionView | null {
  return versions.reduce<PolicyVersionView | null>((a, b) => (a === null || b.version > a.version ? b : a), null);
}

// ---------------------------------------------------------------------------------------------
// The draft form

export interface PolicyForm {
  effectiveFrom: string;
  /** Text boxes by key: valueFenPerPoint, yearlyEarnCapPoints, earn.<type>, maxSharePercent, minPoints, monthlyCapPoints */
  numbers: Record<string, string>;
}

export const earnKey = (type: EarnEventType) => `earn.${type}`;

export function policyFormOf(base: PolicyNumbers, effectiveFrom: string): PolicyForm {
  const numbers: Record<string, string> = {
    valueFenPerPoint: String(base.valueFenPerPoint),
    yearlyEarnCapPoints: String(base.yearlyEarnCapPoints),
    maxSharePercent: String(base.maxShareBasisPoints / 100),
    minPoints: String(base.minPoints),
    monthlyCapPoints: String(base.monthlyCapPoints),
  };
  for (const type of earnEventTypes) numbers[earnKey(type)] = String(base.earnPoints[type]);
  return { effectiveFrom, numbers };
}

/** 下月1日 / 下季度第一天 / 明年1月1日 — all after today, as the service requires. */
export function effectiveDayOptions(today: string): Array<{ key: string; label: string }> {
  const monthStart = `${today.slice(0, 7)}-01`;
  const month = Number(today.slice(5, 7));
  const quarterStart = addCalendarMonths(`${today.slice(0, 4)}-${String(Math.floor((month - 1) / 3) * 3 + 1).padStart(2, '0')}-01`, 3);
  const options = [
    { key: addCalendarMonths(monthStart, 1), label: '下月1日' },
    { key: quarterStart, label: '下季度第一天' },
    { key: `${Number(today.slice(0, 4)) + 1}-01-01`, label: '明年1月1日' },
  ];
  return options.filter((o, i) => options.findIndex((x) => x.key === o.key) === i);
}

export const tomorrowOf = (today: string) => addCalendarDays(today, 1);

/** Pure: the draft as the service takes it — only what differs from `base` — or the problems by field. */
export function policyDraftOf(form: PolicyForm, base: PolicyNumbers, today: string): { draft: Record<string, unknown>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const read = (key: string, check: (n: number) => string | null): number | null => {
    const value = numberOf(form.numbers[key] ?? '');
    if (value === undefined) {
      errors[key] = '请填写';
      return null;
    }
    const problem = Number.isNaN(value) ? '请填写数字' : check(value);
    if (problem) errors[key] = problem;
    return problem ? null : value;
  };
  const whole = (max: number) => (n: number) => (!Number.isInteger(n) ? '请填写整数' : n > max ? `不能超过 ${max}` : null);
  const draft: Record<string, unknown> = { effectiveFrom: form.effectiveFrom };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.effectiveFrom)) errors['effectiveFrom'] = '请选择生效日期';
  else if (form.effectiveFrom <= today) errors['effectiveFrom'] = '生效日期必须晚于今天（已获得的积分不受影响）';

  const value = read('valueFenPerPoint', (n) => (!Number.isInteger(n) || n < 1 || n > 100 ? '每积分 1–100 分钱的整数' : null));
  if (value !== null && value !== base.valueFenPerPoint) draft['valueFenPerPoint'] = value;
  const yearly = read('yearlyEarnCapPoints', whole(1_000_000));
  if (yearly !== null && yearly !== base.yearlyEarnCapPoints) draft['yearlyEarnCapPoints'] = yearly;
  const rules: Record<string, { points: number }> = {};
  for (const type of earnEventTypes) {
    const points = read(earnKey(type), whole(1_000_000));
    if (points !== null && points !== base.earnPoints[type]) rules[type] = { points };
  }
  if (Object.keys(rules).length > 0) draft['earningRules'] = rules;
  const redemption: Record<string, number> = {};
  const share = read('maxSharePercent', (n) => (n < 0 || n > 100 ? '0–100 之间' : Math.round(n * 100) !== n * 100 ? '最多两位小数' : null));
  if (share !== null && Math.round(share * 100) !== base.maxShareBasisPoints) redemption['maxShareOfEligibleBasisPoints'] = Math.round(share * 100);
  const min = read('minPoints', whole(1_000_000));
  if (min !== null && min !== base.minPoints) redemption['minPoints'] = min;
  const monthly = read('monthlyCapPoints', whole(1_000_000));
  if (monthly !== null && monthly !== base.monthlyCapPoints) redemption['monthlyCapPoints'] = monthly;
  if (Object.keys(redemption).length > 0) draft['redemption'] = redemption;
  return { draft, errors };
}

export const policyFieldOf = fieldByPrefix([
  ['draft.effectiveFrom', 'effectiveFrom'],
  ['effectiveFrom', 'effectiveFrom'],
  ...earnEventTypes.flatMap((t) => [[`earningRules.${t}`, earnKey(t)] as const, [`draft.earningRules.${t}`, earnKey(t)] as const]),
  ...(['valueFenPerPoint', 'yearlyEarnCapPoints'] as const).flatMap((k) => [[k, k] as const, [`draft.${k}`, k] as const]),
  ['redemption.maxShareOfEligibleBasisPoints', 'maxSharePercent'],
  ['redemption.minPoints', 'minPoints'],
  ['redemption.monthlyCapPoints', 'monthlyCapPoints'],
  ['draft.redemption.maxShareOfEligibleBasisPoints', 'maxSharePercent'],
  ['draft.redemption.minPoints', 'minPoints'],
  ['draft.redemption.monthlyCapPoints', 'monthlyCapPoints'],
]);

// ---------------------------------------------------------------------------------------------
// Preview on a sample resident

export interface SampleEvent {
  eventType: EarnEventType;
  count: number;
  subKey?: string;
  verifiedBy?: 'clinic' | 'home';
}

/**
 * The sample the preview starts from: a contracted hypertension patient's services over a year.
 * The service counts the events as happening one after another on one day, so daily and monthly
 * caps apply as they would on that day (a home reading counts once).
 */
export const sampleResident: readonly SampleEvent[] = [
  { eventType: 'contractSigned', count: 1 },
  { eventType: 'faceToFaceFollowUp', count: 4 },
  { eventType: 'phoneFollowUp', count: 8 },
  { eventType: 'screeningBp', count: 1 },
  { eventType: 'hcyTest', count: 1 },
  { eventType: 'homeReading', count: 1, subKey: 'bp' },
  { eventType: 'quarterlyAtTarget', count: 2, verifiedBy: 'clinic' },
];

export interface PreviewView {
  lines: Array<{ key: string; label: string; count: number; currentPoints: number; draftPoints: number; changed: boolean }>;
  currentTotalPoints: number;
  draftTotalPoints: number;
  /** "多 120 积分" / "少 40 积分" / "不变" */
  differenceText: string;
  problems: string[];
}

export function sampleEventsOf(counts: Record<string, string>): SampleEvent[] {
  return sampleResident.flatMap((e) => {
    const count = numberOf(counts[e.eventType] ?? String(e.count));
    return count !== undefined && Number.isInteger(count) && count >= 1 && count <= 400 ? [{ ...e, count }] : [];
  });
}

export async function previewPolicy(draft: Record<string, unknown>, events: readonly SampleEvent[]): Promise<PreviewView> {
  const data = await parsed(policyPreviewView, api.post('/api/admin/points-policies/preview', { draft, events: events.map((e) => ({ ...e, contracted: true })) }));
  const current = data.currentTotalPoints;
  const next = data.draftTotalPoints;
  return {
    lines: data.lines.map((l, i) => ({ key: `${l.eventType}-${i}`, label: l.label, count: l.count, currentPoints: l.currentPoints, draftPoints: l.draftPoints, changed: l.currentPoints !== l.draftPoints })),
    currentTotalPoints: current,
    draftTotalPoints: next,
    differenceText: next === current ? '不变' : next > current ? `多 ${next - current} 积分` : `少 ${current - next} 积分`,
    problems: data.problems.map((p) => p.message),
  };
}

export interface PublishedView {
  version: number;
  effectiveFromText: string;
  changes: string[];
}

export async function publishPolicy(draft: Record<string, unknown>): Promise<PublishedView> {
  const data = await parsed(policyPublishedView, api.post('/api/admin/points-policies', draft));
  return { version: data.version, effectiveFromText: formatCalendarDay(data.effectiveFrom), changes: data.changes };
}
