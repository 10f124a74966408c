/**
 * The pointsExpirer job: lots past their expiry lose their remaining points (`expire` entries).
 * Points reserved by an open hold are not taken (the hold was made while they were valid; its
 * capture takes them, soonest-expiring first): a lot expires min(remaining, available) now and the
 * rest on a later pass, after the hold closes (the sweep revisits that resident).
 * `expireLotsResults` lists the result codes per wallet in precedence order (`wallet_changed` is
 * retried on the new head).
 */
import { Types } from 'mongoose';
import { availablePointsOf, debitLots, dueLots, type LotTake } from '../../shared/points/walletState';
import { systemActor, type LedgerDeps } from './deps';
import { loadHead, operationType, precedenceOf, reusedKeyResults, runOperation, type CommitDoc, type EntryLine, type OperationResult } from './operation';
import { sweepWindow } from './sweepWindow';

type LotsExpired = { result: 'expired'; expiredPoints: number; heldBackPoints: number };
type ExpireLotsRefused = { result: 'wallet_changed' | 'nothing_to_expire' } | { result: 'expired_points_are_held'; heldBackPoints: number };
export type ExpireLotsResult = OperationResult<LotsExpired, ExpireLotsRefused>;

export const expireLotsResults = precedenceOf<ExpireLotsResult>()([...reusedKeyResults, 'wallet_changed', 'nothing_to_expire', 'expired_points_are_held', 'expired']);

export async function pointsExpirer(deps: LedgerDeps, options: { residentIds?: Types.ObjectId[] } = {}): Promise<{ expiredPoints: number; results: ExpireLotsResult[] }> {
  const results: ExpireLotsResult[] = [];
  await sweepWindow(deps, 'lots', options.residentIds, async (window, revisit) => {
    const credits = await deps.models.LedgerCommit.collection
      .find<Pick<CommitDoc, 'residentId'>>({ ...window, type: { $in: ['earn', 'adjust', 'reverse'] } }, { projection: { residentId: 1 } })
      .toArray();
    const residentIds = new Map([...revisit, ...credits.map((c) => c.residentId)].map((id) => [String(id), new Types.ObjectId(String(id))]));
    const heldBack: Types.ObjectId[] = [];
    for (const residentId of residentIds.values()) {
      const result = await expireDueLots(deps, residentId);
      if (result.result !== 'nothing_to_expire') results.push(result);
      if ('heldBackPoints' in result && result.heldBackPoints > 0) heldBack.push(residentId);
    }
    return heldBack;
  });
  const expiredPoints = results.reduce((sum, r) => sum + (r.result === 'expired' ? r.expiredPoints : 0), 0);
  return { expiredPoints, results };
}

/** The key names the head it was planned on, so each partial expiry of a wallet is its own operation. */
export async function expireDueLots(deps: LedgerDeps, residentId: Types.ObjectId): Promise<ExpireLotsResult> {
  let result: ExpireLotsResult = { result: 'wallet_changed' };
  for (let attempt = 0; attempt < 5 && result.result === 'wallet_changed'; attempt += 1) {
    const head = await loadHead(deps, residentId);
    result = await runOperation(deps, expireLotsOperation, { key: `expire-lots:${residentId.toHexString()}:${head.seq}`, residentId, payload: { seq: head.seq } });
  }
  return result;
}

const expireLotsOperation = operationType<LotsExpired, ExpireLotsRefused>('expire-lots', async ({ op, head, now }) => {
  const p = op.payload as { seq: number };
  if (head.seq !== p.seq) return { kind: 'reject', fence: false, result: { result: 'wallet_changed' } };
  const due = dueLots(head.state, now);
  if (due.length === 0) return { kind: 'reject', fence: false, result: { result: 'nothing_to_expire' } };
  let available = availablePointsOf(head.state);
  const takes: LotTake[] = [];
  for (const lot of due) {
    const points = Math.min(lot.remainingPoints, available);
    if (points > 0) takes.push({ expiresAt: lot.expiresAt, points });
    available -= points;
  }
  const duePoints = due.reduce((sum, lot) => sum + lot.remainingPoints, 0);
  const expiredPoints = takes.reduce((sum, take) => sum + take.points, 0);
  if (expiredPoints === 0) return { kind: 'reject', fence: false, result: { result: 'expired_points_are_held', heldBackPoints: duePoints } };
  const entries: EntryLine[] = takes.map((take) => ({ type: 'expire', points: -take.points, heldDeltaPoints: 0, reasonCode: 'points_expired', actor: systemActor, lots: [take] }));
  return {
    kind: 'apply',
    state: debitLots(head.state, takes),
    entries,
    result: { result: 'expired', expiredPoints, heldBackPoints: duePoints - expiredPoints },
  };
});
