/**
 * Checks every wallet against its entries, lots, holds and journal; returns the discrepancies
 * (empty when the ledger is consistent). Definitions, per wallet at a quiescent moment:
 * - no_pending_operations:        pendingOps is empty (run the recoverer first)
 * - balance_equals_entries:       balancePoints == Σ entry.points
 * - held_equals_entries:          heldPoints == Σ entry.heldDeltaPoints
 * - held_equals_open_holds:       heldPoints == Σ wallet.openHolds points == Σ reserved hold documents
 * - available_not_negative:       0 ≤ heldPoints ≤ balancePoints
 * - lots_not_negative:            every lot.remainingPoints ≥ 0
 * - lots_equal_balance:           Σ lot.remainingPoints == balancePoints (held points still sit in
 *                                  lots until captured, so lots track the balance, not available)
 * - applied_once:                 every applied operation has its entries under exactly one seq,
 *                                  and the seqs are exactly 1..version (one per applied operation)
 * - completed_operations_present: every completed operation whose result applied has entries
 * - operations_completed:         no operation left `started` (after recovery); `rejected` is final
 */
import { type Types } from 'mongoose';
import type { LedgerDeps } from './deps';
import type { OperationDoc, WalletSnapshot } from './operation';

export interface Discrepancy {
  residentId: string;
  check: string;
  detail: string;
}

const appliedResults = new Set([
  'earned',
  'capped_by_daily_limit',
  'capped_by_monthly_limit',
  'capped_by_yearly_limit_for_event_type',
  'capped_by_yearly_limit',
  'held',
  'captured',
  'released',
  'expired',
  'reversed',
  'adjusted',
]);

export async function ledgerReconciler(deps: LedgerDeps, options: { residentIds?: Types.ObjectId[] } = {}): Promise<Discrepancy[]> {
  const { models } = deps;
  const scope = options.residentIds ? { residentId: { $in: options.residentIds } } : {};
  const found: Discrepancy[] = [];
  const report = (residentId: unknown, check: string, detail: string) => found.push({ residentId: String(residentId), check, detail });

  // Sums are taken in code over streamed documents rather than with $group: FerretDB 1.24 was seen
  // to return a wrong second $sum in one $group, and a reconciler must not trust what it checks.
  const sums = new Map<string, { points: number; held: number }>();
  const entryOps = new Map<string, Map<string, Set<number>>>(); // resident → opKey → seqs
  for await (const entry of models.LedgerEntry.find(scope, { residentId: 1, opKey: 1, seq: 1, points: 1, heldDeltaPoints: 1 }).lean().cursor()) {
    const rid = String(entry.residentId);
    const sum = sums.get(rid) ?? { points: 0, held: 0 };
    sum.points += entry.points;
    sum.held += entry.heldDeltaPoints;
    sums.set(rid, sum);
    const ops = entryOps.get(rid) ?? new Map<string, Set<number>>();
    const seqs = ops.get(entry.opKey) ?? new Set<number>();
    seqs.add(entry.seq);
    ops.set(entry.opKey, seqs);
    entryOps.set(rid, ops);
  }
  const lotSums = new Map<string, number>();
  for await (const lot of models.PointsLot.find(scope, { residentId: 1, remainingPoints: 1 }).lean().cursor()) {
    const rid = String(lot.residentId);
    lotSums.set(rid, (lotSums.get(rid) ?? 0) + lot.remainingPoints);
    if (lot.remainingPoints < 0) report(rid, 'lots_not_negative', `lot ${String(lot._id)} has ${lot.remainingPoints}`);
  }
  const reservedSums = new Map<string, number>();
  for await (const hold of models.Hold.find({ ...scope, state: 'reserved' }, { residentId: 1, points: 1 }).lean().cursor()) {
    const rid = String(hold.residentId);
    reservedSums.set(rid, (reservedSums.get(rid) ?? 0) + hold.points);
  }

  const walletFilter = options.residentIds ? { _id: { $in: options.residentIds } } : {};
  const wallets = await models.Wallet.collection.find<WalletSnapshot>(walletFilter as never).toArray();
  for (const wallet of wallets) {
    const rid = String(wallet._id);
    const entrySum = sums.get(rid) ?? { points: 0, held: 0 };
    const pendingRefs = Object.keys(wallet.pendingOps ?? {});
    if (pendingRefs.length > 0 || wallet.pendingCount !== 0) report(rid, 'no_pending_operations', `${pendingRefs.length} pending, pendingCount ${wallet.pendingCount}`);
    if (wallet.balancePoints !== entrySum.points) report(rid, 'balance_equals_entries', `balance ${wallet.balancePoints} ≠ Σ entries ${entrySum.points}`);
    if (wallet.heldPoints !== entrySum.held) report(rid, 'held_equals_entries', `held ${wallet.heldPoints} ≠ Σ entries ${entrySum.held}`);
    const openSum = Object.values(wallet.openHolds ?? {}).reduce((sum, hold) => sum + hold.points, 0);
    const reserved = reservedSums.get(rid) ?? 0;
    if (wallet.heldPoints !== openSum || wallet.heldPoints !== reserved) {
      report(rid, 'held_equals_open_holds', `held ${wallet.heldPoints}, open holds ${openSum}, reserved hold documents ${reserved}`);
    }
    if (wallet.heldPoints < 0 || wallet.heldPoints > wallet.balancePoints) report(rid, 'available_not_negative', `balance ${wallet.balancePoints} held ${wallet.heldPoints}`);
    const lotSum = lotSums.get(rid) ?? 0;
    if (lotSum !== wallet.balancePoints) report(rid, 'lots_equal_balance', `Σ lots ${lotSum} ≠ balance ${wallet.balancePoints}`);
    const ops = entryOps.get(rid) ?? new Map<string, Set<number>>();
    const allSeqs = new Set<number>();
    for (const [opKey, seqs] of ops) {
      if (seqs.size !== 1) report(rid, 'applied_once', `${opKey} has entries under seqs ${[...seqs].join(',')}`);
      for (const seq of seqs) {
        if (allSeqs.has(seq)) report(rid, 'applied_once', `seq ${seq} is shared by two operations`);
        allSeqs.add(seq);
      }
    }
    if (allSeqs.size !== wallet.version || [...allSeqs].some((seq) => seq < 1 || seq > wallet.version)) {
      report(rid, 'applied_once', `${allSeqs.size} applied operations for wallet version ${wallet.version}`);
    }
  }

  const journalFilter = options.residentIds ? { residentId: { $in: options.residentIds } } : {};
  const journal = await models.LedgerOperation.collection
    .find<OperationDoc>(journalFilter as never, { projection: { residentId: 1, state: 1, result: 1 } })
    .toArray();
  for (const op of journal) {
    const rid = String(op.residentId);
    if (op.state === 'started') {
      report(rid, 'operations_completed', `${op._id} is ${op.state}`);
      continue;
    }
    if (op.result && appliedResults.has(op.result.result) && !entryOps.get(rid)?.has(op._id)) {
      report(rid, 'completed_operations_present', `${op._id} completed as ${op.result.result} without entries`);
    }
  }
  return found;
}
