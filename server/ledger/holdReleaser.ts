/**
 * Release a hold (payment failed, cancelled) or expire it (the holdExpirer job).
 * Result codes, in precedence order: hold_not_found, exists, hold_already_captured,
 * hold_already_released, hold_already_expired, hold_not_yet_expired (expiry only), released | expired.
 */
import type { Types } from 'mongoose';
import { refOf, systemActor, type LedgerDeps } from './deps';
import { closedHoldCode, findHold, findHoldOperation } from './holdLookup';
import { registerPlanner, runOperation, type OpResult } from './operation';

export interface ReleaseInput {
  holdId: string;
  actor?: string;
}

export async function holdReleaser(deps: LedgerDeps, input: ReleaseInput): Promise<OpResult> {
  return closeHold(deps, input.holdId, 'release', input.actor ?? systemActor);
}

/** One hold past its expiresAt → released as `expired` (idempotent by holdId). */
export async function holdExpiryReleaser(deps: LedgerDeps, holdId: string): Promise<OpResult> {
  return closeHold(deps, holdId, 'expire-hold', systemActor);
}

/** The holdExpirer job: releases every reserved hold whose expiresAt has passed. */
export async function holdExpirer(
  deps: LedgerDeps,
  options: { limit?: number; residentIds?: Types.ObjectId[] } = {},
): Promise<{ expired: number; results: OpResult[] }> {
  const scope = options.residentIds ? { residentId: { $in: options.residentIds } } : {};
  const due = await deps.models.Hold.find({ ...scope, state: 'reserved', expiresAt: { $lte: deps.clock.now() } }, { _id: 1 })
    .sort({ expiresAt: 1 })
    .limit(options.limit ?? 1000)
    .lean();
  const results: OpResult[] = [];
  for (const hold of due) results.push(await holdExpiryReleaser(deps, String(hold._id)));
  return { expired: results.filter((r) => r.result === 'expired').length, results };
}

async function closeHold(deps: LedgerDeps, holdId: string, type: 'release' | 'expire-hold', actor: string): Promise<OpResult> {
  const holdOp = await findHoldOperation(deps, holdId);
  if (!holdOp?.residentId) return { result: 'hold_not_found' };
  return runOperation(deps, { key: `${type}:${holdId}`, type, residentId: holdOp.residentId, payload: { holdId, actor } });
}

for (const type of ['release', 'expire-hold'] as const) {
  registerPlanner(type, async ({ deps, op, wallet, now }) => {
    const p = op.payload as { holdId: string; actor: string };
    const holdRef = refOf(p.holdId);
    const open = wallet.openHolds?.[holdRef];
    if (!open) {
      const hold = await findHold(deps, p.holdId);
      return { kind: 'reject', fence: false, result: { result: closedHoldCode(hold?.state, false) } };
    }
    const expiring = type === 'expire-hold';
    // Not decided: the hold may expire later, and this key is then replayed.
    if (expiring && new Date(open.expiresAt).getTime() > now.getTime()) return { kind: 'not_yet', result: { result: 'hold_not_yet_expired' } };
    return {
      kind: 'apply',
      change: {
        balanceDeltaPoints: 0,
        heldDeltaPoints: -open.points,
        inc: { [`redeemedByMonth.${open.monthKey}`]: -open.points },
        unset: [`openHolds.${holdRef}`],
      },
      entries: [
        { type: 'release', points: 0, heldDeltaPoints: -open.points, reasonCode: expiring ? 'redemption_hold_expired' : 'redemption_released', holdId: p.holdId, actor: p.actor },
      ],
      hold: { kind: 'close', holdId: p.holdId, state: expiring ? 'expired' : 'released', capturedPoints: 0, allocations: [] },
      result: { result: expiring ? 'expired' : 'released', holdId: p.holdId, releasedPoints: open.points },
    };
  });
}
