/**
 * An administrator's correction: a new entry, never an edit (TigerBeetle "always add more
 * transfers"). The reason code and the actor are mandatory and recorded on the entry.
 * `adjustResults` lists its result codes in precedence order.
 */
import { type Types } from 'mongoose';
import { adjustReasonCodes, type AdjustReasonCode } from '../../shared/points/reasonLabels';
import { expiryFor } from '../../shared/points';
import { availablePointsOf, creditLot, debitSoonestFirst } from '../../shared/points/walletState';
import type { LedgerDeps } from './deps';
import { asObjectId, operationType, precedenceOf, reusedKeyResults, runOperation, type OperationResult } from './operation';
import { policyAt } from './policyVersions';

export interface AdjustInput {
  adjustmentId: string;
  residentId: Types.ObjectId | string;
  deltaPoints: number;
  reasonCode: AdjustReasonCode;
  note: string;
  actor: string;
}

type Adjusted = { result: 'adjusted'; deltaPoints: number };
type AdjustRefused = { result: 'would_make_available_negative'; availablePoints: number };
type AdjustPrecheck = { result: 'actor_required' | 'reason_code_unknown' | 'note_required' | 'delta_points_must_be_nonzero_integer' | 'adjustment_id_required' };
export type AdjustResult = AdjustPrecheck | OperationResult<Adjusted, AdjustRefused>;

export const adjustResults = precedenceOf<AdjustResult>()([
  'actor_required',
  'reason_code_unknown',
  'note_required',
  'delta_points_must_be_nonzero_integer',
  'adjustment_id_required',
  ...reusedKeyResults,
  'would_make_available_negative',
  'adjusted',
]);

export async function pointsAdjuster(deps: LedgerDeps, input: AdjustInput): Promise<AdjustResult> {
  if (!input.actor) return { result: 'actor_required' };
  if (!adjustReasonCodes.includes(input.reasonCode)) return { result: 'reason_code_unknown' };
  if (!input.note || input.note.trim().length === 0) return { result: 'note_required' };
  if (!Number.isSafeInteger(input.deltaPoints) || input.deltaPoints === 0) return { result: 'delta_points_must_be_nonzero_integer' };
  if (!input.adjustmentId) return { result: 'adjustment_id_required' };
  return runOperation(deps, adjustOperation, {
    key: `adjust:${input.adjustmentId}`,
    residentId: asObjectId(input.residentId),
    amountPoints: input.deltaPoints,
    payload: { adjustmentId: input.adjustmentId, deltaPoints: input.deltaPoints, reasonCode: input.reasonCode, note: input.note.trim(), actor: input.actor },
  });
}

const adjustOperation = operationType<Adjusted, AdjustRefused>('adjust', async ({ deps, head, op, now }) => {
  const p = op.payload as { adjustmentId: string; deltaPoints: number; reasonCode: string; note: string; actor: string };
  const entry = { type: 'adjust' as const, points: p.deltaPoints, heldDeltaPoints: 0, reasonCode: `adjust_${p.reasonCode}`, note: p.note, actor: p.actor };
  const result: Adjusted = { result: 'adjusted', deltaPoints: p.deltaPoints };
  if (p.deltaPoints > 0) {
    const policy = await policyAt(deps, now);
    const expiresAt = expiryFor(policy, now);
    return {
      kind: 'apply',
      state: creditLot(head.state, p.deltaPoints, expiresAt),
      entries: [{ ...entry, policyVersion: policy.version, lots: [{ expiresAt, points: p.deltaPoints }] }],
      fields: { expiresAt },
      result,
    };
  }
  const availablePoints = availablePointsOf(head.state);
  if (availablePoints < -p.deltaPoints) return { kind: 'reject', fence: true, result: { result: 'would_make_available_negative', availablePoints } };
  const { state, takes } = debitSoonestFirst(head.state, -p.deltaPoints);
  return { kind: 'apply', state, entries: [{ ...entry, lots: takes }], result };
});
