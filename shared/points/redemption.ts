/**
 * Redemption limits and point ↔ fen conversion (docs/domain.md §4.4). Integer arithmetic only; every
 * division rounds down so the programme never pays out more than the policy allows.
 */
import type { PointsPolicy } from './policy';

export function pointsToFen(policy: PointsPolicy, points: number): number {
  assertNonNegativeInteger(points, 'points');
  return points * policy.valueFenPerPoint;
}

/** Whole points covered by an amount; the remainder (< 1 point) is simply not redeemable. */
export function fenToPointsFloor(policy: PointsPolicy, amountFen: number): number {
  assertNonNegativeInteger(amountFen, 'amountFen');
  return Math.floor(amountFen / policy.valueFenPerPoint);
}

export interface RedeemableInput {
  /** The self-paid part of the eligible items (programme medicines and tests) of this checkout. */
  eligibleSelfPaidFen: number;
  /** Balance minus held points. */
  availablePoints: number;
  /** Captured plus held this Shanghai calendar month. */
  redeemedThisMonthPoints: number;
}

export type RedeemableLimit = 'limited_by_monthly_limit' | 'limited_by_available_points' | 'limited_by_eligible_share';

/** `below_minimum` overrides the binding limit: fewer than minPoints may not be redeemed at all. */
export type RedeemableReason = RedeemableLimit | 'below_minimum';

export interface RedeemableResult {
  maxPoints: number;
  reason: RedeemableReason;
  /** Which limit produced the bound, reported even when it fell below the minimum. */
  limitedBy: RedeemableLimit;
}

/**
 * What may still be redeemed this Shanghai month, whatever the bill: the monthly room
 * (monthlyCapPoints − redeemed), but never more than the points available. 存折 and 出示码 both
 * show this one figure (issue 14: 存折 said 478 while 出示码 said 500 for the same wallet).
 */
export function monthlyRemainingPoints(policy: PointsPolicy, input: Omit<RedeemableInput, 'eligibleSelfPaidFen'>): number {
  assertNonNegativeInteger(input.availablePoints, 'availablePoints');
  assertNonNegativeInteger(input.redeemedThisMonthPoints, 'redeemedThisMonthPoints');
  return Math.max(0, Math.min(policy.redemption.monthlyCapPoints - input.redeemedThisMonthPoints, input.availablePoints));
}

/**
 * max = min(floor(eligibleSelfPaidFen × shareBasisPoints / (10000 × valueFenPerPoint)),
 *           availablePoints, monthlyCapPoints − redeemedThisMonthPoints), 0 if below minPoints.
 * One floor over the exact product keeps the share rounding to a single step.
 * Equal limits report in the order monthly → available → share (the most actionable first).
 */
export function maxRedeemablePoints(policy: PointsPolicy, input: RedeemableInput): RedeemableResult {
  assertNonNegativeInteger(input.eligibleSelfPaidFen, 'eligibleSelfPaidFen');
  assertNonNegativeInteger(input.availablePoints, 'availablePoints');
  assertNonNegativeInteger(input.redeemedThisMonthPoints, 'redeemedThisMonthPoints');
  const { maxShareOfEligibleBasisPoints, monthlyCapPoints, minPoints } = policy.redemption;
  const product = input.eligibleSelfPaidFen * maxShareOfEligibleBasisPoints;
  if (!Number.isSafeInteger(product)) throw new RangeError(`eligibleSelfPaidFen too large: ${input.eligibleSelfPaidFen}`);

  const limits: Array<{ points: number; limit: RedeemableLimit }> = [
    { points: Math.max(0, monthlyCapPoints - input.redeemedThisMonthPoints), limit: 'limited_by_monthly_limit' },
    { points: input.availablePoints, limit: 'limited_by_available_points' },
    { points: Math.floor(product / (10000 * policy.valueFenPerPoint)), limit: 'limited_by_eligible_share' },
  ];
  let bound = limits[0]!;
  for (const candidate of limits) if (candidate.points < bound.points) bound = candidate;
  if (bound.points < minPoints) return { maxPoints: 0, reason: 'below_minimum', limitedBy: bound.limit };
  return { maxPoints: bound.points, reason: bound.limit, limitedBy: bound.limit };
}

/**
 * Points to restore when part of a paid checkout is refunded: the refunded share of the captured
 * points, rounded down so a resident never gets back more than the refunded share paid for.
 * Pass the fen already refunded before this refund: the result is then computed on the running
 * total (floor(captured × refundedSoFar / paid) minus what earlier refunds restored), so rounding
 * never compounds across partial refunds and a full refund restores every captured point.
 */
export function proportionalRestore(
  capturedPoints: number,
  refundFen: number,
  paidTotalFen: number,
  previouslyRefundedFen = 0,
): number {
  assertNonNegativeInteger(capturedPoints, 'capturedPoints');
  assertNonNegativeInteger(refundFen, 'refundFen');
  assertNonNegativeInteger(previouslyRefundedFen, 'previouslyRefundedFen');
  if (!Number.isSafeInteger(paidTotalFen) || paidTotalFen <= 0) {
    throw new RangeError(`paidTotalFen must be a positive integer: ${paidTotalFen}`);
  }
  const refundedAfterFen = previouslyRefundedFen + refundFen;
  if (refundedAfterFen > paidTotalFen) {
    throw new RangeError(`refunds (${refundedAfterFen} fen) exceed the amount paid (${paidTotalFen} fen)`);
  }
  const restoredBefore = Math.floor((capturedPoints * previouslyRefundedFen) / paidTotalFen);
  const restoredAfter = Math.floor((capturedPoints * refundedAfterFen) / paidTotalFen);
  return restoredAfter - restoredBefore;
}

function assertNonNegativeInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer: ${n}`);
}
