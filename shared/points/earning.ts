/**
 * How many points one earning event credits under a policy, given what the resident has already
 * been credited. Idempotency (one event id → one effect) is the ledger's job, not this function's.
 */
import type { EarnEventType, PointsPolicy } from './policy';

export interface EarnEvent {
  type: EarnEventType;
  /** Distinguishes daily caps within a type, e.g. the measure of a home reading ('bp', 'glucose'). */
  subKey?: string;
  /** Whether the resident had an active contract when the event happened. */
  contracted: boolean;
  /** For quarterlyAtTarget: who verified the values the judgement used. */
  verifiedBy?: 'clinic' | 'home';
}

/**
 * Points already *credited* (capped excess excluded), in Shanghai calendar periods containing the
 * event: today for this type and sub-key, this month and this year for this type, this year for
 * all types together.
 */
export interface EarnCounters {
  earnedTodayPoints: number;
  earnedThisMonthPoints: number;
  earnedThisYearPoints: number;
  earnedThisYearTotalPoints: number;
}

/** In precedence order: the first that applies is reported. */
export type EarnReason =
  | 'not_eligible_rule_off'
  | 'not_eligible_sub_key_required'
  | 'not_eligible_uncontracted'
  | 'not_eligible_home_readings_only'
  | 'capped_by_daily_limit'
  | 'capped_by_monthly_limit'
  | 'capped_by_yearly_limit_for_event_type'
  | 'capped_by_yearly_limit'
  | 'earned';

export interface EarnResult {
  /** Credited to the passbook. */
  points: number;
  /** Earned but over a cap: recorded for the statement, not credited. */
  cappedPoints: number;
  reason: EarnReason;
}

export function pointsForEvent(policy: PointsPolicy, event: EarnEvent, counters: EarnCounters): EarnResult {
  for (const value of Object.values(counters)) assertNonNegativeInteger(value);
  const rule = policy.earningRules[event.type];
  // A rule worth 0 points is switched off: nothing to credit, no line on the statement.
  if (rule.points === 0) return { points: 0, cappedPoints: 0, reason: 'not_eligible_rule_off' };
  if (rule.subKeyRequired && !event.subKey) return { points: 0, cappedPoints: 0, reason: 'not_eligible_sub_key_required' };
  if (rule.contractedOnly && !event.contracted) return { points: 0, cappedPoints: 0, reason: 'not_eligible_uncontracted' };
  if (rule.clinicVerifiedOnly && event.verifiedBy !== 'clinic') {
    return { points: 0, cappedPoints: 0, reason: 'not_eligible_home_readings_only' };
  }

  // Each cap leaves some room; the tightest wins, ties go to the shorter period (listed first).
  const limits: Array<{ capPoints: number | undefined; earnedPoints: number; reason: EarnReason }> = [
    { capPoints: rule.dailyCapPoints, earnedPoints: counters.earnedTodayPoints, reason: 'capped_by_daily_limit' },
    { capPoints: rule.monthlyCapPoints, earnedPoints: counters.earnedThisMonthPoints, reason: 'capped_by_monthly_limit' },
    {
      capPoints: rule.yearlyCapPoints,
      earnedPoints: counters.earnedThisYearPoints,
      reason: 'capped_by_yearly_limit_for_event_type',
    },
    { capPoints: policy.yearlyEarnCapPoints, earnedPoints: counters.earnedThisYearTotalPoints, reason: 'capped_by_yearly_limit' },
  ];
  let creditable = rule.points;
  let reason: EarnReason = 'earned';
  for (const limit of limits) {
    if (limit.capPoints === undefined) continue;
    const room = Math.max(0, limit.capPoints - limit.earnedPoints);
    if (room < creditable) {
      creditable = room;
      reason = limit.reason;
    }
  }
  return { points: creditable, cappedPoints: rule.points - creditable, reason };
}

function assertNonNegativeInteger(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`points must be a non-negative integer: ${n}`);
}
