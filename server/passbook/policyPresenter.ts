/**
 * The points policy in plain words for residents ("怎样获得更多积分"), and the admin's draft →
 * policy merge and preview. Points are integers; money only as "N 积分 = 1 元".
 */
import { earnEventTypes, pointsForEvent, type EarnEventType, type EarningRule, type PointsPolicy } from '../../shared/points';
import { reasonLabel } from '../../shared/points/reasonLabels';
import { shanghaiDate } from '../../shared/time/shanghai';

export interface EarnRuleView {
  eventType: EarnEventType;
  label: string;
  points: number;
  /** "每项每天最多 1 次，每月最多 60 积分"; null when unlimited. */
  limitText: string | null;
  contractedOnly: boolean;
}

export interface PolicyView {
  version: number;
  effectiveFrom: string;
  valueText: string;
  valueFenPerPoint: number;
  earning: EarnRuleView[];
  yearlyCapText: string;
  redemptionLines: string[];
  expiryText: string;
}

const earnOrder: EarnEventType[] = [
  'homeReading',
  'screeningBp',
  'screeningGlucose',
  'screeningLipids',
  'hcyTest',
  'phoneFollowUp',
  'faceToFaceFollowUp',
  'healthEducation',
  'folateCourseCompleted',
  'medicationAdherenceWeek',
  'quarterlyAtTarget',
  'contractSigned',
  'contractRenewed',
];

function limitText(rule: EarningRule): string | null {
  const parts: string[] = [];
  const times = (cap: number) => (rule.points > 0 && cap % rule.points === 0 ? `${cap / rule.points} 次` : `${cap} 积分`);
  if (rule.dailyCapPoints !== undefined) parts.push(`${rule.subKeyRequired ? '每项每天' : '每天'}最多 ${times(rule.dailyCapPoints)}`);
  if (rule.monthlyCapPoints !== undefined) parts.push(`每月最多 ${rule.monthlyCapPoints} 积分`);
  if (rule.yearlyCapPoints !== undefined) parts.push(`每年最多 ${rule.yearlyCapPoints} 积分`);
  if (rule.clinicVerifiedOnly) parts.push('以医院测量结果为准');
  return parts.length > 0 ? parts.join('，') : null;
}

export function presentPolicy(policy: PointsPolicy): PolicyView {
  const yuanPoints = 100 / policy.valueFenPerPoint;
  return {
    version: policy.version,
    effectiveFrom: shanghaiDate(policy.effectiveFrom),
    valueFenPerPoint: policy.valueFenPerPoint,
    valueText: Number.isInteger(yuanPoints) ? `${yuanPoints} 积分 = 1 元` : `1 积分 = ${policy.valueFenPerPoint} 分钱`,
    earning: earnOrder
      .filter((type) => (policy.earningRules[type]?.points ?? 0) > 0)
      .map((type) => {
        const rule = policy.earningRules[type];
        return { eventType: type, label: reasonLabel(`earn_${type}`), points: rule.points, limitText: limitText(rule), contractedOnly: rule.contractedOnly === true };
      }),
    yearlyCapText: `每人每年最多获得 ${policy.yearlyEarnCapPoints} 积分，超出部分会记录但不计入`,
    redemptionLines: [
      '在合作药店购买项目内药品和检测时，可用积分抵扣自付部分',
      `每次最多抵扣自付金额的 ${policy.redemption.maxShareOfEligibleBasisPoints / 100}%`,
      `每次至少使用 ${policy.redemption.minPoints} 积分，每月最多使用 ${policy.redemption.monthlyCapPoints} 积分`,
    ],
    expiryText: '今年获得的积分，到明年 12 月 31 日前都可以使用，先到期的先用',
  };
}

/** "家庭自测：每次 +2 → +3" lines for the residents' notice of an upcoming version. */
export function policyChanges(current: PointsPolicy, next: PointsPolicy): string[] {
  const lines: string[] = [];
  for (const type of earnOrder) {
    const a = current.earningRules[type];
    const b = next.earningRules[type];
    if (!a || !b) continue;
    const label = reasonLabel(`earn_${type}`);
    if (a.points !== b.points) lines.push(`${label}：每次 ${a.points} 积分 → ${b.points} 积分`);
    const la = limitText(a);
    const lb = limitText(b);
    if (la !== lb && a.points === b.points) lines.push(`${label}：${lb ?? '不再限次'}`);
  }
  if (current.yearlyEarnCapPoints !== next.yearlyEarnCapPoints) lines.push(`每年最多获得：${current.yearlyEarnCapPoints} → ${next.yearlyEarnCapPoints} 积分`);
  if (current.valueFenPerPoint !== next.valueFenPerPoint) lines.push(`积分价值：${presentPolicy(current).valueText} → ${presentPolicy(next).valueText}`);
  if (current.redemption.monthlyCapPoints !== next.redemption.monthlyCapPoints) {
    lines.push(`每月最多使用：${current.redemption.monthlyCapPoints} → ${next.redemption.monthlyCapPoints} 积分`);
  }
  if (current.redemption.maxShareOfEligibleBasisPoints !== next.redemption.maxShareOfEligibleBasisPoints) {
    lines.push(`每次最多抵扣：${current.redemption.maxShareOfEligibleBasisPoints / 100}% → ${next.redemption.maxShareOfEligibleBasisPoints / 100}%`);
  }
  if (current.redemption.minPoints !== next.redemption.minPoints) lines.push(`每次至少使用：${current.redemption.minPoints} → ${next.redemption.minPoints} 积分`);
  return lines;
}

/** What an admin sends: any part of the policy; the rest is taken from the latest version. */
export interface PolicyDraft {
  effectiveFrom: Date;
  valueFenPerPoint?: number | undefined;
  yearlyEarnCapPoints?: number | undefined;
  earningRules?: Partial<Record<EarnEventType, Partial<EarningRule>>> | undefined;
  redemption?: Partial<PointsPolicy['redemption']> | undefined;
}

export function policyFromDraft(base: PointsPolicy, draft: PolicyDraft, version: number): PointsPolicy {
  const earningRules = Object.fromEntries(
    earnEventTypes.map((type) => {
      const merged: EarningRule = { ...base.earningRules[type], ...(draft.earningRules?.[type] ?? {}) };
      // An explicit null/undefined cap in the draft removes it.
      for (const key of ['dailyCapPoints', 'monthlyCapPoints', 'yearlyCapPoints'] as const) if (merged[key] === null) delete merged[key];
      return [type, merged];
    }),
  ) as Record<EarnEventType, EarningRule>;
  return {
    version,
    effectiveFrom: draft.effectiveFrom,
    valueFenPerPoint: draft.valueFenPerPoint ?? base.valueFenPerPoint,
    earningRules,
    yearlyEarnCapPoints: draft.yearlyEarnCapPoints ?? base.yearlyEarnCapPoints,
    redemption: { ...base.redemption, ...(draft.redemption ?? {}) },
    expiry: base.expiry,
  };
}

export interface SampleEvent {
  eventType: EarnEventType;
  subKey?: string | undefined;
  contracted: boolean;
  verifiedBy?: 'clinic' | 'home' | undefined;
  count: number;
}

export interface PreviewLine {
  eventType: EarnEventType;
  label: string;
  count: number;
  currentPoints: number;
  draftPoints: number;
}

/**
 * A sample resident with nothing earned yet goes through the events in order, all on one day, under
 * each policy: the caps apply exactly as the issuer applies them (pointsForEvent).
 */
export function previewPolicy(current: PointsPolicy, draft: PointsPolicy, events: SampleEvent[]): { lines: PreviewLine[]; currentTotalPoints: number; draftTotalPoints: number } {
  const run = (policy: PointsPolicy) => {
    const counters = new Map<string, number>();
    const get = (k: string) => counters.get(k) ?? 0;
    return events.map((event) => {
      let total = 0;
      for (let i = 0; i < event.count; i += 1) {
        const keys = { day: `d:${event.eventType}:${event.subKey ?? ''}`, month: `m:${event.eventType}`, year: `y:${event.eventType}`, total: 'y' };
        const earned = pointsForEvent(
          policy,
          { type: event.eventType, subKey: event.subKey, contracted: event.contracted, verifiedBy: event.verifiedBy },
          { earnedTodayPoints: get(keys.day), earnedThisMonthPoints: get(keys.month), earnedThisYearPoints: get(keys.year), earnedThisYearTotalPoints: get(keys.total) },
        );
        for (const k of Object.values(keys)) counters.set(k, get(k) + earned.points);
        total += earned.points;
      }
      return total;
    });
  };
  const a = run(current);
  const b = run(draft);
  const lines = events.map((event, i) => ({ eventType: event.eventType, label: reasonLabel(`earn_${event.eventType}`), count: event.count, currentPoints: a[i] ?? 0, draftPoints: b[i] ?? 0 }));
  return { lines, currentTotalPoints: a.reduce((s, n) => s + n, 0), draftTotalPoints: b.reduce((s, n) => s + n, 0) };
}
