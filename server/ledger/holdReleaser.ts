/**
 * Release a hold (payment failed, cancelled) or expire it (the holdExpirer job).
 * Result codes, in precedence order: hold_not_found, exists, hold_already_captured,
 * hold_already_released, hold_already_expired, hold_not_yet_expired (expiry only), released | expired.
 */
import type { Types } from 'mongoose';
import { closeHold } from '../../shared/points/walletState';
import { systemActor, type LedgerDeps } from './deps';
import { closedHoldCode, holdHistory, holdOwner } from './holdLookup';
import { loadHead, registerPlanner, runOperation, type CommitDoc, type OpResult } from './operation';
import { sweepWindow } from './sweepWindow';

export interface ReleaseInput {
  holdId: string;
  residentId?: Types.ObjectId | string;
  actor?: string;
}

export async function holdReleaser(deps: LedgerDeps, input: ReleaseInput): Promise<OpResult> {
  return closeHoldOperation(deps, input.holdId, input.residentId, 'release', input.actor ?? systemActor);
}

/** One hold past its expiresAt → released as `expired` (idempotent by holdId). */
export async function holdExpiryReleaser(deps: LedgerDeps, holdId: string, residentId?: Types.ObjectId): Promise<OpResult> {
  return closeHoldOperation(deps, holdId, residentId, 'expire-hold', systemActor);
}

/**
 * The holdExpirer job: releases every open hold whose expiresAt has passed. Unscoped, it looks at
 * holds that expired since its last complete pass (sweepWindow); scoped to residents, at all of theirs.
 */
export async function holdExpirer(deps: LedgerDeps, options: { residentIds?: Types.ObjectId[] } = {}): Promise<{ expired: number; results: OpResult[] }> {
  const results: OpResult[] = [];
  await sweepWindow(deps, 'holds', options.residentIds, async (window) => {
    const holds = await deps.models.LedgerCommit.collection
      .find<Pick<CommitDoc, 'residentId' | 'holdId'>>({ ...window, type: 'hold', 'result.result': 'held' }, { projection: { residentId: 1, holdId: 1 } })
      .sort({ expiresAt: 1 })
      .toArray();
    for (const hold of holds) {
      const head = await loadHead(deps, hold.residentId);
      if (!head.state.openHolds.some((h) => h.holdId === hold.holdId)) continue;
      results.push(await holdExpiryReleaser(deps, hold.holdId!, hold.residentId));
    }
    return [];
  });
  return { expired: results.filter((r) => r.result === 'expired').length, results };
}

async function closeHoldOperation(deps: LedgerDeps, holdId: string, residentIdHint: Types.ObjectId | string | undefined, type: 'release' | 'expire-hold', actor: string): Promise<OpResult> {
  const residentId = await holdOwner(deps, holdId, residentIdHint);
  if (!residentId) return { result: 'hold_not_found' };
  return runOperation(deps, { key: `${type}:${holdId}`, type, residentId, payload: { holdId, actor } });
}

for (const type of ['release', 'expire-hold'] as const) {
  registerPlanner(type, async ({ deps, op, head, now }) => {
    const p = op.payload as { holdId: string; actor: string };
    const open = head.state.openHolds.find((h) => h.holdId === p.holdId);
    if (!open) {
      const history = await holdHistory(deps, op.residentId, p.holdId, head.seq);
      return { kind: 'reject', fence: false, result: { result: closedHoldCode(history, false) } };
    }
    const expiring = type === 'expire-hold';
    // Not decided: the hold may expire later, and this key is then used.
    if (expiring && open.expiresAt.getTime() > now.getTime()) return { kind: 'not_yet', result: { result: 'hold_not_yet_expired' } };
    return {
      kind: 'apply',
      state: closeHold(head.state, p.holdId, 0).state,
      entries: [
        { type: 'release', points: 0, heldDeltaPoints: -open.points, reasonCode: expiring ? 'redemption_hold_expired' : 'redemption_released', holdId: p.holdId, actor: p.actor },
      ],
      fields: { holdId: p.holdId },
      result: { result: expiring ? 'expired' : 'released', holdId: p.holdId, releasedPoints: open.points },
    };
  });
}
