/**
 * Refund after capture: the refunded share of the captured points comes back as a new lot
 * (proportionalRestore on the running refund total, so partial refunds never round up and a full
 * refund restores every captured point, never more).
 * Result codes, in precedence order: refund_fen_must_be_positive_integer,
 * paid_total_fen_must_be_positive_integer, hold_not_found, exists_with_different_amount,
 * exists_with_different_payload, exists, hold_not_captured, paid_total_mismatch,
 * refund_exceeds_paid_amount, reversed.
 *
 * Two documents decide here, in order: the hold (records the reversal under its key with a
 * compare-and-set on refundedFen — the "never more than captured" decision), then the wallet (credit).
 * A crash between them is finished by the replay: the reversal found on the hold is credited once.
 */
import { expiryFor, proportionalRestore } from '../../shared/points';
import { systemActor, type LedgerDeps } from './deps';
import { findHold, findHoldOperation, type HoldDocument } from './holdLookup';
import { registerPlanner, runOperation, type OpResult } from './operation';
import { policyAt } from './policyVersions';

export interface ReverseInput {
  /** The caller's idempotency key for this refund. */
  reversalId: string;
  holdId: string;
  refundFen: number;
  /** What the checkout's points covered plus what was paid, the base of the proportion. */
  paidTotalFen: number;
  actor?: string;
}

export async function pointsReverser(deps: LedgerDeps, input: ReverseInput): Promise<OpResult> {
  if (!Number.isSafeInteger(input.refundFen) || input.refundFen <= 0) return { result: 'refund_fen_must_be_positive_integer' };
  if (!Number.isSafeInteger(input.paidTotalFen) || input.paidTotalFen <= 0) return { result: 'paid_total_fen_must_be_positive_integer' };
  const holdOp = await findHoldOperation(deps, input.holdId);
  if (!holdOp?.residentId) return { result: 'hold_not_found' };
  return runOperation(deps, {
    key: `reverse:${input.reversalId}`,
    type: 'reverse',
    residentId: holdOp.residentId,
    amountPoints: input.refundFen,
    payload: { reversalId: input.reversalId, holdId: input.holdId, refundFen: input.refundFen, paidTotalFen: input.paidTotalFen, actor: input.actor ?? systemActor },
  });
}

type Reversal = { points: number } | { code: string };

/** Records the reversal on the hold once (or finds it recorded) and returns its points. */
async function recordOnHold(deps: LedgerDeps, key: string, p: { holdId: string; refundFen: number; paidTotalFen: number }): Promise<Reversal> {
  for (;;) {
    const hold: HoldDocument | null = await findHold(deps, p.holdId);
    const recorded = hold?.reversals.find((r) => r.key === key);
    if (recorded) return { points: recorded.points };
    if (!hold || hold.state !== 'captured') return { code: 'hold_not_captured' };
    if (hold.paidTotalFen !== null && hold.paidTotalFen !== p.paidTotalFen) return { code: 'paid_total_mismatch' };
    if (hold.refundedFen + p.refundFen > p.paidTotalFen) return { code: 'refund_exceeds_paid_amount' };
    const points = proportionalRestore(hold.capturedPoints, p.refundFen, p.paidTotalFen, hold.refundedFen);
    const { modifiedCount } = await deps.models.Hold.collection.updateOne(
      { _id: p.holdId, state: 'captured', refundedFen: hold.refundedFen, reversalKeys: { $ne: key } } as never,
      {
        $inc: { refundedFen: p.refundFen, reversedPoints: points },
        $set: { paidTotalFen: p.paidTotalFen },
        $push: { reversalKeys: key, reversals: { key, refundFen: p.refundFen, points } },
      } as never,
    );
    if (modifiedCount === 1) return { points };
  }
}

registerPlanner('reverse', async ({ deps, op, now }) => {
  const p = op.payload as { reversalId: string; holdId: string; refundFen: number; paidTotalFen: number; actor: string };
  const reversal = await recordOnHold(deps, op._id, p);
  if ('code' in reversal) return { kind: 'reject', fence: false, result: { result: reversal.code } };
  const policy = await policyAt(deps, now);
  const lotId = `${op._id}:lot`;
  const expiresAt = expiryFor(policy, now);
  return {
    kind: 'apply',
    change: { balanceDeltaPoints: reversal.points, heldDeltaPoints: 0 },
    entries: [
      { type: 'reverse', points: reversal.points, heldDeltaPoints: 0, reasonCode: 'redemption_refund', holdId: p.holdId, lotId: reversal.points > 0 ? lotId : null, note: `refund ${p.refundFen} fen of ${p.paidTotalFen}`, policyVersion: policy.version, actor: p.actor },
    ],
    lotsCreate: reversal.points > 0 ? [{ lotId, points: reversal.points, earnedAt: now, expiresAt }] : [],
    result: { result: 'reversed', holdId: p.holdId, restoredPoints: reversal.points },
  };
});
