import type { Types } from 'mongoose';
import type { LedgerDeps } from './deps';
import { asObjectId, findCommit, type CommitDoc } from './operation';

/**
 * Whose hold this is: the caller's word when it knows (a checkout does), else the resident of its
 * hold commit (a held hold, or one refused on the wallet).
 */
export async function holdOwner(deps: LedgerDeps, holdId: string, known?: Types.ObjectId | string): Promise<Types.ObjectId | null> {
  if (known) return asObjectId(known);
  return (await findCommit(deps, `hold:${holdId}`))?.residentId ?? null;
}

/** Every commit about a hold up to a seq, oldest first: the hold, its closing, its refunds. */
export async function holdHistory(deps: LedgerDeps, residentId: Types.ObjectId, holdId: string, uptoSeq: number): Promise<CommitDoc[]> {
  return deps.models.LedgerCommit.collection
    .find<CommitDoc>({ residentId, holdId, seq: { $lte: uptoSeq } })
    .sort({ seq: 1 })
    .toArray();
}

/** The result code for a hold that is no longer open, from its history. */
type ClosedHoldCode = 'hold_not_found' | 'hold_already_captured' | 'hold_already_released';
export function closedHoldCode(history: readonly CommitDoc[], forCapture: true): ClosedHoldCode | 'hold_expired';
export function closedHoldCode(history: readonly CommitDoc[], forCapture: false): ClosedHoldCode | 'hold_already_expired';
export function closedHoldCode(history: readonly CommitDoc[], forCapture: boolean): ClosedHoldCode | 'hold_expired' | 'hold_already_expired' {
  const held = history.some((c) => c.type === 'hold' && c.result.result === 'held');
  if (!held) return 'hold_not_found';
  const closing = history.find((c) => c.entries.length > 0 && ['capture', 'release', 'expire-hold'].includes(c.type));
  switch (closing?.type) {
    case 'capture':
      return 'hold_already_captured';
    case 'release':
      return 'hold_already_released';
    case 'expire-hold':
      return forCapture ? 'hold_expired' : 'hold_already_expired';
    default:
      return 'hold_not_found';
  }
}
