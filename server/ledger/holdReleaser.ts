/**
 * Release a hold (payment failed, cancelled) or expire it (the holdExpirer job); `releaseResults`
 * and `holdExpiryResults` list their result codes in precedence order.
 */
import type { Types } from 'mongoose';
import { closeHold } from '../../shared/points/walletState';
import { systemActor, type LedgerDeps } from './deps';
import { closedHoldCode, holdHistory, holdOwner } from './holdLookup';
import { loadHead, operationType, precedenceOf, reusedKeyResults, runOperation, type CommitDoc, type OperationResult, type Planner } from './operation';
import { sweepWindow } from './sweepWindow';

export interface ReleaseInput {
  holdId: string;
  residentId?: Types.ObjectId | string;
  actor?: string;
}

type Closed<Code extends 'released' | 'expired'> = { result: Code; holdId: string; releasedPoints: number };
type CloseRefused = { result: 'hold_not_found' | 'hold_already_captured' | 'hold_already_released' | 'hold_already_expired' | 'hold_not_yet_expired' };
type CloseResult<Code extends 'released' | 'expired'> = { result: 'hold_not_found' } | OperationResult<Closed<Code>, CloseRefused>;
export type ReleaseResult = CloseResult<'released'>;
export type HoldExpiryResult = CloseResult<'expired'>;

const closedHoldResults = ['hold_not_found', ...reusedKeyResults, 'hold_already_captured', 'hold_already_released', 'hold_already_expired'] as const;
/** `hold_not_yet_expired` is answered by expiry only (a release does not wait for expiresAt). */
export const releaseResults = precedenceOf<ReleaseResult>()([...closedHoldResults, 'hold_not_yet_expired', 'released']);
export const holdExpiryResults = precedenceOf<HoldExpiryResult>()([...closedHoldResults, 'hold_not_yet_expired', 'expired']);

export async function holdReleaser(deps: LedgerDeps, input: ReleaseInput): Promise<ReleaseResult> {
  const residentId = await holdOwner(deps, input.holdId, input.residentId);
  if (!residentId) return { result: 'hold_not_found' };
  return runOperation(deps, releaseOperation, { key: `release:${input.holdId}`, residentId, payload: { holdId: input.holdId, actor: input.actor ?? systemActor } });
}

/** One hold past its expiresAt → released as `expired` (idempotent by holdId). */
export async function holdExpiryReleaser(deps: LedgerDeps, holdId: string, residentIdHint?: Types.ObjectId): Promise<HoldExpiryResult> {
  const residentId = await holdOwner(deps, holdId, residentIdHint);
  if (!residentId) return { result: 'hold_not_found' };
  return runOperation(deps, holdExpiryOperation, { key: `expire-hold:${holdId}`, residentId, payload: { holdId, actor: systemActor } });
}

/**
 * The holdExpirer job: releases every open hold whose expiresAt has passed. Unscoped, it looks at
 * holds that expired since its last complete pass (sweepWindow); scoped to residents, at all of theirs.
 */
export async function holdExpirer(deps: LedgerDeps, options: { residentIds?: Types.ObjectId[] } = {}): Promise<{ expired: number; results: HoldExpiryResult[] }> {
  const results: HoldExpiryResult[] = [];
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

/** The planner of a release (`released`) or of an expiry (`expired`, and only once the hold expired). */
function closeHoldPlanner<Code extends 'released' | 'expired'>(code: Code): Planner<Closed<Code>, CloseRefused> {
  return async ({ deps, op, head, now }) => {
    const p = op.payload as { holdId: string; actor: string };
    const open = head.state.openHolds.find((h) => h.holdId === p.holdId);
    if (!open) {
      const history = await holdHistory(deps, op.residentId, p.holdId, head.seq);
      return { kind: 'reject', fence: false, result: { result: closedHoldCode(history, false) } };
    }
    const expiring = code === 'expired';
    // Not decided: the hold may expire later, and this key is then used.
    if (expiring && open.expiresAt.getTime() > now.getTime()) return { kind: 'not_yet', result: { result: 'hold_not_yet_expired' } };
    return {
      kind: 'apply',
      state: closeHold(head.state, p.holdId, 0).state,
      entries: [
        { type: 'release', points: 0, heldDeltaPoints: -open.points, reasonCode: expiring ? 'redemption_hold_expired' : 'redemption_released', holdId: p.holdId, actor: p.actor },
      ],
      fields: { holdId: p.holdId },
      result: { result: code, holdId: p.holdId, releasedPoints: open.points },
    };
  };
}

const releaseOperation = operationType('release', closeHoldPlanner('released'));
const holdExpiryOperation = operationType('expire-hold', closeHoldPlanner('expired'));
