/**
 * Capture a hold, fully or in part (payment confirmed); the rest is released in the same step.
 * Points leave the soonest-expiring lots first.
 * Result codes, in precedence order: points_must_be_positive_integer, hold_not_found,
 * exists_with_different_amount, exists, hold_already_captured, hold_already_released, hold_expired,
 * capture_exceeds_hold, captured.
 */
import { allocateSoonestExpiringFirst } from '../../shared/points';
import { refOf, systemActor, type LedgerDeps } from './deps';
import { closedHoldCode, findHold, findHoldOperation } from './holdLookup';
import { registerPlanner, runOperation, type OpResult } from './operation';

export interface CaptureInput {
  holdId: string;
  points: number;
  actor?: string;
}

export async function holdCapturer(deps: LedgerDeps, input: CaptureInput): Promise<OpResult> {
  if (!Number.isSafeInteger(input.points) || input.points <= 0) return { result: 'points_must_be_positive_integer' };
  const holdOp = await findHoldOperation(deps, input.holdId);
  if (!holdOp?.residentId) return { result: 'hold_not_found' };
  return runOperation(deps, {
    key: `capture:${input.holdId}`,
    type: 'capture',
    residentId: holdOp.residentId,
    amountPoints: input.points,
    payload: { holdId: input.holdId, points: input.points, actor: input.actor ?? systemActor },
  });
}

registerPlanner('capture', async ({ deps, op, wallet, now }) => {
  const p = op.payload as { holdId: string; points: number; actor: string };
  const holdRef = refOf(p.holdId);
  const open = wallet.openHolds?.[holdRef];
  if (!open) {
    const hold = await findHold(deps, p.holdId);
    return { kind: 'reject', fence: false, result: { result: closedHoldCode(hold?.state, true) } };
  }
  // Time only moves forward, so an expired hold stays uncapturable: the expirer will release it.
  if (new Date(open.expiresAt).getTime() <= now.getTime()) return { kind: 'reject', fence: false, result: { result: 'hold_expired' } };
  if (p.points > open.points) return { kind: 'reject', fence: false, result: { result: 'capture_exceeds_hold', holdPoints: open.points } };
  const lots = await deps.models.PointsLot.find({ residentId: wallet._id, remainingPoints: { $gt: 0 } }, { remainingPoints: 1, expiresAt: 1 }).lean();
  const allocation = allocateSoonestExpiringFirst(
    lots.map((lot) => ({ lotId: String(lot._id), remainingPoints: lot.remainingPoints, expiresAt: lot.expiresAt })),
    p.points,
  );
  // Σ lots == balance ≥ held ≥ this hold: a shortfall means the ledger is corrupt, so stop loudly.
  if (allocation.result !== 'allocated') throw new Error(`lots of ${String(wallet._id)} short by ${allocation.shortfallPoints} for hold ${p.holdId}`);
  const releasedPoints = open.points - p.points;
  return {
    kind: 'apply',
    change: {
      balanceDeltaPoints: -p.points,
      heldDeltaPoints: -open.points,
      inc: releasedPoints > 0 ? { [`redeemedByMonth.${open.monthKey}`]: -releasedPoints } : {},
      unset: [`openHolds.${holdRef}`],
    },
    entries: [
      { type: 'capture', points: -p.points, heldDeltaPoints: -p.points, reasonCode: 'redemption_capture', holdId: p.holdId, actor: p.actor },
      ...(releasedPoints > 0
        ? [{ type: 'release' as const, points: 0, heldDeltaPoints: -releasedPoints, reasonCode: 'redemption_partial_release', holdId: p.holdId, actor: p.actor }]
        : []),
    ],
    lotsConsume: allocation.allocations,
    hold: { kind: 'close', holdId: p.holdId, state: 'captured', capturedPoints: p.points, allocations: allocation.allocations },
    result: { result: 'captured', holdId: p.holdId, capturedPoints: p.points, releasedPoints },
  };
});
