import type { LedgerDeps } from './deps';
import type { OperationDoc } from './operation';

/** The hold operation behind a holdId: who the hold belongs to, and whether it was ever held. */
export async function findHoldOperation(deps: LedgerDeps, holdId: string): Promise<OperationDoc | null> {
  // A hold refused for its payload (state `rejected`) never existed.
  const op = await deps.models.LedgerOperation.collection.findOne<OperationDoc>({ _id: `hold:${holdId}`, state: { $ne: 'rejected' } } as never);
  if (!op?.residentId) return null;
  return op;
}

export interface HoldDocument {
  _id: string;
  residentId: unknown;
  checkoutId: string;
  points: number;
  state: 'reserved' | 'captured' | 'released' | 'expired';
  expiresAt: Date;
  capturedPoints: number;
  allocations: Array<{ lotId: string; points: number }>;
  paidTotalFen: number | null;
  refundedFen: number;
  reversedPoints: number;
  reversals: Array<{ key: string; refundFen: number; points: number }>;
}

export async function findHold(deps: LedgerDeps, holdId: string): Promise<HoldDocument | null> {
  return deps.models.Hold.collection.findOne<HoldDocument>({ _id: holdId } as never);
}

/** Closed-hold result codes for a hold no longer open in the wallet. */
export function closedHoldCode(state: HoldDocument['state'] | undefined, forCapture: boolean): string {
  switch (state) {
    case 'captured':
      return 'hold_already_captured';
    case 'released':
      return 'hold_already_released';
    case 'expired':
      return forCapture ? 'hold_expired' : 'hold_already_expired';
    default:
      return 'hold_not_found';
  }
}
