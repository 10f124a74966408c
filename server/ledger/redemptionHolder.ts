/**
 * Reserve points for a pharmacy checkout (the first phase of a redemption); `holdResults` lists
 * its result codes in precedence order.
 * The commit's compare-and-set on the wallet's seq makes "available ≥ points" and the monthly cap
 * hold under any concurrency: of N parallel holds exactly those that fit succeed.
 */
import { type Types } from 'mongoose';
import { availablePointsOf, openHold, pruneRedeemedMonths } from '../../shared/points/walletState';
import { shanghaiMonthKey } from '../../shared/time/shanghai';
import { systemActor, type LedgerDeps } from './deps';
import { asObjectId, operationType, precedenceOf, runOperation, type OperationResult } from './operation';
import { policyAt } from './policyVersions';

export interface HoldInput {
  /** The caller's idempotency key for this hold (one per checkout attempt). */
  holdId: string;
  residentId: Types.ObjectId | string;
  points: number;
  expiresAt: Date;
  checkoutId: string;
  actor?: string;
}

type Held = { result: 'held'; holdId: string; points: number; expiresAt: Date };
type HoldRefused =
  | { result: 'exists' }
  | { result: 'expires_at_must_be_in_future' }
  | { result: 'below_minimum'; minPoints: number }
  | { result: 'exceeds_monthly_redemption_cap'; remainingThisMonthPoints: number }
  | { result: 'insufficient_available_points'; availablePoints: number };
export type HoldResult = { result: 'points_must_be_positive_integer' } | { result: 'hold_id_required' } | OperationResult<Held, HoldRefused>;

export const holdResults = precedenceOf<HoldResult>()([
  'points_must_be_positive_integer',
  'hold_id_required',
  'exists_with_different_amount',
  'exists_with_different_payload',
  'exists',
  'expires_at_must_be_in_future',
  'below_minimum',
  'exceeds_monthly_redemption_cap',
  'insufficient_available_points',
  'held',
]);

export async function redemptionHolder(deps: LedgerDeps, input: HoldInput): Promise<HoldResult> {
  if (!Number.isSafeInteger(input.points) || input.points <= 0) return { result: 'points_must_be_positive_integer' };
  if (!input.holdId) return { result: 'hold_id_required' };
  return runOperation(deps, holdOperation, {
    key: `hold:${input.holdId}`,
    residentId: asObjectId(input.residentId),
    amountPoints: input.points,
    payload: {
      holdId: input.holdId,
      points: input.points,
      expiresAt: new Date(input.expiresAt),
      checkoutId: input.checkoutId,
      actor: input.actor ?? systemActor,
    },
  });
}

const holdOperation = operationType<Held, HoldRefused>('hold', async ({ deps, op, head, now }) => {
  const p = op.payload as { holdId: string; points: number; expiresAt: Date; checkoutId: string; actor: string };
  // Only this key opens this hold: it is a retry, which the key check answers.
  if (head.state.openHolds.some((h) => h.holdId === p.holdId)) return { kind: 'reject', fence: false, result: { result: 'exists' } };
  if (p.expiresAt.getTime() <= now.getTime()) return { kind: 'reject', fence: false, result: { result: 'expires_at_must_be_in_future' } };
  const policy = await policyAt(deps, now);
  if (p.points < policy.redemption.minPoints) {
    return { kind: 'reject', fence: false, result: { result: 'below_minimum', minPoints: policy.redemption.minPoints } };
  }
  const monthKey = shanghaiMonthKey(now);
  const state = pruneRedeemedMonths(head.state, monthKey);
  const redeemedPoints = state.redeemedByMonth[monthKey] ?? 0;
  const fields = { holdId: p.holdId };
  if (redeemedPoints + p.points > policy.redemption.monthlyCapPoints) {
    const remainingThisMonthPoints = Math.max(0, policy.redemption.monthlyCapPoints - redeemedPoints);
    return { kind: 'reject', fence: true, fields, result: { result: 'exceeds_monthly_redemption_cap', remainingThisMonthPoints } };
  }
  const availablePoints = availablePointsOf(state);
  if (availablePoints < p.points) return { kind: 'reject', fence: true, fields, result: { result: 'insufficient_available_points', availablePoints } };
  return {
    kind: 'apply',
    state: openHold(state, { holdId: p.holdId, points: p.points, monthKey, expiresAt: p.expiresAt }),
    entries: [
      { type: 'hold', points: 0, heldDeltaPoints: p.points, reasonCode: 'redemption_hold', checkoutId: p.checkoutId, holdId: p.holdId, policyVersion: policy.version, actor: p.actor },
    ],
    fields: { ...fields, expiresAt: p.expiresAt },
    result: { result: 'held', holdId: p.holdId, points: p.points, expiresAt: p.expiresAt },
  };
});
