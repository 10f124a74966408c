/**
 * Reserve points for a pharmacy checkout (the first phase of a redemption).
 * Result codes, in precedence order: points_must_be_positive_integer, hold_id_required,
 * exists_with_different_amount, exists_with_different_payload, exists, expires_at_must_be_in_future,
 * below_minimum, exceeds_monthly_redemption_cap, insufficient_available_points, held.
 * The wallet's compare-and-set on `version` makes "available ≥ points" and the monthly cap hold
 * under any concurrency: of N parallel holds exactly those that fit succeed.
 */
import { type Types } from 'mongoose';
import { shanghaiMonthKey } from '../../shared/time/shanghai';
import { refOf, systemActor, type LedgerDeps } from './deps';
import { asObjectId, registerPlanner, runOperation, type OpResult } from './operation';
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

export async function redemptionHolder(deps: LedgerDeps, input: HoldInput): Promise<OpResult> {
  if (!Number.isSafeInteger(input.points) || input.points <= 0) return { result: 'points_must_be_positive_integer' };
  if (!input.holdId) return { result: 'hold_id_required' };
  return runOperation(deps, {
    key: `hold:${input.holdId}`,
    type: 'hold',
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

registerPlanner('hold', async ({ deps, op, wallet, now }) => {
  const p = op.payload as { holdId: string; points: number; expiresAt: Date; checkoutId: string; actor: string };
  const expiresAt = new Date(p.expiresAt);
  if (expiresAt.getTime() <= now.getTime()) return { kind: 'reject', fence: false, result: { result: 'expires_at_must_be_in_future' } };
  const policy = await policyAt(deps, now);
  if (p.points < policy.redemption.minPoints) {
    return { kind: 'reject', fence: false, result: { result: 'below_minimum', minPoints: policy.redemption.minPoints } };
  }
  const monthKey = shanghaiMonthKey(now);
  const redeemedPoints = wallet.redeemedByMonth?.[monthKey] ?? 0;
  if (redeemedPoints + p.points > policy.redemption.monthlyCapPoints) {
    return {
      kind: 'reject',
      fence: true,
      result: { result: 'exceeds_monthly_redemption_cap', remainingThisMonthPoints: Math.max(0, policy.redemption.monthlyCapPoints - redeemedPoints) },
    };
  }
  const availablePoints = wallet.balancePoints - wallet.heldPoints;
  if (availablePoints < p.points) return { kind: 'reject', fence: true, result: { result: 'insufficient_available_points', availablePoints } };
  return {
    kind: 'apply',
    change: {
      balanceDeltaPoints: 0,
      heldDeltaPoints: p.points,
      inc: { [`redeemedByMonth.${monthKey}`]: p.points },
      set: { [`openHolds.${refOf(p.holdId)}`]: { holdId: p.holdId, points: p.points, monthKey, expiresAt } },
    },
    entries: [
      { type: 'hold', points: 0, heldDeltaPoints: p.points, reasonCode: 'redemption_hold', checkoutId: p.checkoutId, holdId: p.holdId, policyVersion: policy.version, actor: p.actor },
    ],
    hold: { kind: 'create', holdId: p.holdId, checkoutId: p.checkoutId, points: p.points, monthKey, expiresAt },
    result: { result: 'held', holdId: p.holdId, points: p.points, expiresAt },
  };
});
