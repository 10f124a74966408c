/**
 * The pointsExpirer job: lots past expiresAt lose their remaining points (`expire` entries).
 * Points reserved by an open hold are not taken (the hold was made while they were valid; its
 * capture takes them, soonest-expiring first): a lot expires min(remaining, available) now and the
 * rest on a later run, after the hold closes.
 * Result codes per lot: exists, wallet_changed (retried with a fresh key), nothing_to_expire,
 * lot_not_expired, expired_points_are_held, expired.
 */
import { type Types } from 'mongoose';
import { systemActor, type LedgerDeps } from './deps';
import { loadWallet, registerPlanner, runOperation, type OpResult } from './operation';

export async function pointsExpirer(
  deps: LedgerDeps,
  options: { limit?: number; residentIds?: Types.ObjectId[] } = {},
): Promise<{ expiredPoints: number; results: OpResult[] }> {
  const scope = options.residentIds ? { residentId: { $in: options.residentIds } } : {};
  const due = await deps.models.PointsLot.find({ ...scope, expiresAt: { $lte: deps.clock.now() }, remainingPoints: { $gt: 0 } }, { residentId: 1 })
    .sort({ expiresAt: 1, _id: 1 })
    .limit(options.limit ?? 1000)
    .lean();
  const results: OpResult[] = [];
  let expiredPoints = 0;
  for (const lot of due) {
    const result = await expireLot(deps, String(lot._id), lot.residentId as Types.ObjectId);
    if (result.result === 'expired') expiredPoints += result.expiredPoints as number;
    results.push(result);
  }
  return { expiredPoints, results };
}

/** The key names the wallet version, so each partial expiry of a lot is its own operation. */
export async function expireLot(deps: LedgerDeps, lotId: string, residentId: Types.ObjectId): Promise<OpResult> {
  let result: OpResult = { result: 'wallet_changed' };
  for (let attempt = 0; attempt < 5 && result.result === 'wallet_changed'; attempt += 1) {
    const wallet = await loadWallet(deps, residentId);
    result = await runOperation(deps, { key: `expire-lot:${lotId}:v${wallet.version}`, type: 'expire-lot', residentId, payload: { lotId, version: wallet.version } });
  }
  return result;
}

registerPlanner('expire-lot', async ({ deps, op, wallet, now }) => {
  const p = op.payload as { lotId: string; version: number };
  if (wallet.version !== p.version) return { kind: 'reject', fence: false, result: { result: 'wallet_changed' } };
  const lot = await deps.models.PointsLot.findById(p.lotId, { remainingPoints: 1, expiresAt: 1 }).lean();
  if (!lot || lot.remainingPoints <= 0) return { kind: 'reject', fence: false, result: { result: 'nothing_to_expire' } };
  if (lot.expiresAt.getTime() > now.getTime()) return { kind: 'reject', fence: false, result: { result: 'lot_not_expired' } };
  const expiredPoints = Math.min(lot.remainingPoints, wallet.balancePoints - wallet.heldPoints);
  if (expiredPoints <= 0) return { kind: 'reject', fence: false, result: { result: 'expired_points_are_held' } };
  return {
    kind: 'apply',
    change: { balanceDeltaPoints: -expiredPoints, heldDeltaPoints: 0 },
    entries: [{ type: 'expire', points: -expiredPoints, heldDeltaPoints: 0, reasonCode: 'points_expired', lotId: p.lotId, actor: systemActor }],
    lotsConsume: [{ lotId: p.lotId, points: expiredPoints }],
    result: { result: 'expired', lotId: p.lotId, expiredPoints },
  };
});
