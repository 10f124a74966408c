import { earnEventTypes, type EarnEventType } from '../../shared/points/policy';
import { reasonLabel } from '../../shared/points/reasonLabels';
import { addCalendarDays, addCalendarMonths } from '../../shared/time/shanghai';
import { ApiError } from './apiError';
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
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const int = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) ? value : null);
const unexpected = () => new ApiError({ code: 'unexpected_response', status: 200 });

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

function numbersOf(policy: unknown): PolicyNumbers {
  const p = isRecord(policy) ? policy : {};
  const rules = isRecord(p['earningRules']) ? p['earningRules'] : {};
  const redemption = isRecord(p['redemption']) ? p['redemption'] : {};
  const earnPoints = Object.fromEntries(earnEventTypes.map((t) => [t, int(isRecord(rules[t]) ? rules[t]['points'] : null) ?? 0])) as Record<EarnEventType, number>;
  return {
    valueFenPerPoint: int(p['valueFenPerPoint']) ?? 10,
    yearlyEarnCapPoints: int(p['yearlyEarnCapPoints']) ?? 0,
    earnPoints,
    maxShareBasisPoints: int(redemption['maxShareOfEligibleBasisPoints']) ?? 0,
    minPoints: int(redemption['minPoints']) ?? 0,
    monthlyCapPoints: int(redemption['monthlyCapPoints']) ?? 0,
  };
}

/** Pure: `GET /api/admin/points-policies` as cards, newest first. */
export function policyVersionsOf(data: unknown): PolicyVersionView[] {
  if (!isRecord(data) || !Array.isArray(data['versions'])) throw unexpected();
  return data['versions'].filter(isRecord).map((v) => {
    const view = isRecord(v['view']) ? v['view'] : {};
    const status = (['past', 'current', 'upcoming'] as const).find((s) => s === v['status']) ?? 'past';
    return {
      version: int(v['version']) ?? 0,
      effectiveFromText: formatCalendarDay(String(v['effectiveFrom'])),
      status,
      statusText: statusTexts[status],
      valueText: typeof view['valueText'] === 'string' ? view['valueText'] : '',
      earningLines: (Array.isArray(view['earning']) ? view['earning'] : []).filter(isRecord).map((e) => ({
        key: String(e['eventType']),
        label: String(e['label']),
        points: int(e['points']) ?? 0,
        limitText: typeof e['limitText'] === 'string' ? e['limitText'] : null,
      })),
      yearlyCapText: typeof view['yearlyCapText'] === 'string' ? view['yearlyCapText'] : '',
      redemptionLines: Array.isArray(view['redemptionLines']) ? view['redemptionLines'].filter((l): l is string => typeof l === 'string') : [],
      numbers: numbersOf(v['policy']),
    };
  });
}

export async function loadPolicyVersions(): Promise<PolicyVersionView[]> {
  return policyVersionsOf(await api.get<unknown>('/api/admin/points-policies'));
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
  const data = await api.post<unknown>('/api/admin/points-policies/preview', { draft, events: events.map((e) => ({ ...e, contracted: true })) });
  if (!isRecord(data) || !Array.isArray(data['lines'])) throw unexpected();
  const current = int(data['currentTotalPoints']) ?? 0;
  const next = int(data['draftTotalPoints']) ?? 0;
  return {
    lines: data['lines'].filter(isRecord).map((l, i) => {
      const currentPoints = int(l['currentPoints']) ?? 0;
      const draftPoints = int(l['draftPoints']) ?? 0;
      return { key: `${String(l['eventType'])}-${i}`, label: String(l['label']), count: int(l['count']) ?? 0, currentPoints, draftPoints, changed: currentPoints !== draftPoints };
    }),
    currentTotalPoints: current,
    draftTotalPoints: next,
    differenceText: next === current ? '不变' : next > current ? `多 ${next - current} 积分` : `少 ${current - next} 积分`,
    problems: (Array.isArray(data['problems']) ? data['problems'] : []).filter(isRecord).map((p) => String(p['message'])),
  };
}

export interface PublishedView {
  version: number;
  effectiveFromText: string;
  changes: string[];
}

export async function publishPolicy(draft: Record<string, unknown>): Promise<PublishedView> {
  const data = await api.post<unknown>('/api/admin/points-policies', draft);
  if (!isRecord(data)) throw unexpected();
  return {
    version: int(data['version']) ?? 0,
    effectiveFromText: formatCalendarDay(String(data['effectiveFrom'])),
    changes: Array.isArray(data['changes']) ? data['changes'].filter((c): c is string => typeof c === 'string') : [],
  };
}
