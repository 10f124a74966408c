/**
 * Capture a hold, fully or in part (payment confirmed); the rest is released in the same commit.
 * Points leave the soonest-expiring lots first. `captureResults` lists its result codes in
 * precedence order.
 */
import type { Types } from 'mongoose';
import { closeHold } from '../../shared/points/walletState';
import { systemActor, type LedgerDeps } from './deps';
import { closedHoldCode, holdHistory, holdOwner } from './holdLookup';
import { operationType, precedenceOf, runOperation, type OperationResult } from './operation';

export interface CaptureInput {
  holdId: string;
  points: number;
  /** The hold's resident when the caller knows it (a checkout does); otherwise it is looked up. */
  residentId?: Types.ObjectId | string;
  actor?: string;
}

type Captured = { result: 'captured'; holdId: string; capturedPoints: number; releasedPoints: number };
type CaptureRefused =
  | { result: 'hold_not_found' | 'hold_already_captured' | 'hold_already_released' | 'hold_expired' }
  | { result: 'capture_exceeds_hold'; holdPoints: number };
export type CaptureResult = { result: 'points_must_be_positive_integer' } | { result: 'hold_not_found' } | OperationResult<Captured, CaptureRefused>;

export const captureResults = precedenceOf<CaptureResult>()([
  'points_must_be_positive_integer',
  'hold_not_found',
  'exists_with_different_amount',
  'exists_with_different_payload',
  'exists',
  'hold_already_captured',
  'hold_already_released',
  'hold_expired',
  'capture_exceeds_hold',
  'captured',
]);

export async function holdCapturer(deps: LedgerDeps, input: CaptureInput): Promise<CaptureResult> {
  if (!Number.isSafeInteger(input.points) || input.points <= 0) return { result: 'points_must_be_positive_integer' };
  const residentId = await holdOwner(deps, input.holdId, input.residentId);
  if (!residentId) return { result: 'hold_not_found' };
  return runOperation(deps, captureOperation, {
    key: `capture:${input.holdId}`,
    residentId,
    amountPoints: input.points,
    payload: { holdId: input.holdId, points: input.points, actor: input.actor ?? systemActor },
  });
}

const captureOperation = operationType<Captured, CaptureRefused>('capture', async ({ deps, op, head, now }) => {
  const p = op.payload as { holdId: string; points: number; actor: string };
  const open = head.state.openHolds.find((h) => h.holdId === p.holdId);
  if (!open) {
    const history = await holdHistory(deps, op.residentId, p.holdId, head.seq);
    return { kind: 'reject', fence: false, result: { result: closedHoldCode(history, true) } };
  }
  // Time only moves forward, so an expired hold stays uncapturable: the hold expirer releases it.
  if (open.expiresAt.getTime() <= now.getTime()) return { kind: 'reject', fence: false, result: { result: 'hold_expired' } };
  if (p.points > open.points) return { kind: 'reject', fence: false, result: { result: 'capture_exceeds_hold', holdPoints: open.points } };
  const { state, takes } = closeHold(head.state, p.holdId, p.points);
  const releasedPoints = open.points - p.points;
  return {
    kind: 'apply',
    state,
    entries: [
      { type: 'capture', points: -p.points, heldDeltaPoints: -p.points, reasonCode: 'redemption_capture', holdId: p.holdId, actor: p.actor, lots: takes },
      ...(releasedPoints > 0
        ? [{ type: 'release' as const, points: 0, heldDeltaPoints: -releasedPoints, reasonCode: 'redemption_partial_release', holdId: p.holdId, actor: p.actor }]
        : []),
    ],
    fields: { holdId: p.holdId },
    result: { result: 'captured', holdId: p.holdId, capturedPoints: p.points, releasedPoints },
  };
});
