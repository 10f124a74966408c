/**
 * Refund after capture: the refunded share of the captured points comes back as a new lot, and
 * stops counting against the monthly redemption cap of the month the hold was placed in
 * (proportionalRestore on the running refund total, so partial refunds never round up and a full
 * refund restores every captured point, never more). The running total is the hold's earlier
 * refunds in this wallet's commits, so the "never more than captured" decision rides on the same
 * compare-and-set as the credit.
 * `reverseResults` lists its result codes in precedence order.
 */
import type { Types } from 'mongoose';
import { expiryFor, proportionalRestore } from '../../shared/points';
import { creditLot, restoreMonthlyAllowance } from '../../shared/points/walletState';
import { systemActor, type LedgerDeps } from './deps';
import { holdHistory, holdOwner } from './holdLookup';
import { operationType, precedenceOf, reusedKeyResults, runOperation, type OperationResult } from './operation';
import { policyAt } from './policyVersions';

export interface ReverseInput {
  /** The caller's idempotency key for this refund. */
  reversalId: string;
  holdId: string;
  refundFen: number;
  /** What the checkout's points covered plus what was paid, the base of the proportion. */
  paidTotalFen: number;
  residentId?: Types.ObjectId | string;
  actor?: string;
}

type Reversed = { result: 'reversed'; holdId: string; restoredPoints: number };
type ReverseRefused = { result: 'hold_not_captured' | 'paid_total_mismatch' | 'refund_exceeds_paid_amount' };
type ReversePrecheck = { result: 'refund_fen_must_be_positive_integer' | 'paid_total_fen_must_be_positive_integer' | 'hold_not_found' };
export type ReverseResult = ReversePrecheck | OperationResult<Reversed, ReverseRefused>;

export const reverseResults = precedenceOf<ReverseResult>()([
  'refund_fen_must_be_positive_integer',
  'paid_total_fen_must_be_positive_integer',
  'hold_not_found',
  ...reusedKeyResults,
  'hold_not_captured',
  'paid_total_mismatch',
  'refund_exceeds_paid_amount',
  'reversed',
]);

export async function pointsReverser(deps: LedgerDeps, input: ReverseInput): Promise<ReverseResult> {
  if (!Number.isSafeInteger(input.refundFen) || input.refundFen <= 0) return { result: 'refund_fen_must_be_positive_integer' };
  if (!Number.isSafeInteger(input.paidTotalFen) || input.paidTotalFen <= 0) return { result: 'paid_total_fen_must_be_positive_integer' };
  const residentId = await holdOwner(deps, input.holdId, input.residentId);
  if (!residentId) return { result: 'hold_not_found' };
  return runOperation(deps, reverseOperation, {
    key: `reverse:${input.reversalId}`,
    residentId,
    amountPoints: input.refundFen,
    payload: { reversalId: input.reversalId, holdId: input.holdId, refundFen: input.refundFen, paidTotalFen: input.paidTotalFen, actor: input.actor ?? systemActor },
  });
}

const reverseOperation = operationType<Reversed, ReverseRefused>('reverse', async ({ deps, op, head, now }) => {
  const p = op.payload as { reversalId: string; holdId: string; refundFen: number; paidTotalFen: number; actor: string };
  const history = await holdHistory(deps, op.residentId, p.holdId, head.seq);
  const capture = history.find((c) => c.type === 'capture' && c.result.result === 'captured');
  if (!capture) return { kind: 'reject', fence: false, result: { result: 'hold_not_captured' } };
  const reversals = history.flatMap((c) => (c.type === 'reverse' && c.reversal ? [c.reversal] : []));
  if (reversals.some((r) => r.paidTotalFen !== p.paidTotalFen)) return { kind: 'reject', fence: false, result: { result: 'paid_total_mismatch' } };
  const refundedFen = reversals.reduce((sum, r) => sum + r.refundFen, 0);
  if (refundedFen + p.refundFen > p.paidTotalFen) return { kind: 'reject', fence: false, result: { result: 'refund_exceeds_paid_amount' } };
  const points = proportionalRestore(Number(capture.result.capturedPoints), p.refundFen, p.paidTotalFen, refundedFen);
  const policy = await policyAt(deps, now);
  const expiresAt = expiryFor(policy, now);
  // The month the hold counted against gets the refunded points back.
  const monthKey = history.find((c) => c.type === 'hold')?.state.openHolds.find((h) => h.holdId === p.holdId)?.monthKey;
  const credited = points > 0 ? creditLot(head.state, points, expiresAt) : head.state;
  return {
    kind: 'apply',
    state: points > 0 && monthKey ? restoreMonthlyAllowance(credited, monthKey, points) : credited,
    entries: [
      {
        type: 'reverse',
        points,
        heldDeltaPoints: 0,
        reasonCode: 'redemption_refund',
        holdId: p.holdId,
        note: `refund ${p.refundFen} fen of ${p.paidTotalFen}`,
        policyVersion: policy.version,
        actor: p.actor,
        ...(points > 0 ? { lots: [{ expiresAt, points }] } : {}),
      },
    ],
    fields: { holdId: p.holdId, reversal: { refundFen: p.refundFen, paidTotalFen: p.paidTotalFen, points }, ...(points > 0 ? { expiresAt } : {}) },
    result: { result: 'reversed', holdId: p.holdId, restoredPoints: points },
  };
});
