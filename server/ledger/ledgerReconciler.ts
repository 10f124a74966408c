/**
 * Checks every wallet by replaying its commits from nothing; returns the discrepancies (empty when
 * the ledger is consistent). Definitions, per wallet:
 * - seqs_contiguous:          the commits' seqs are exactly 1..n
 * - balance_equals_entries:   every commit's balance == Σ entry.points up to it
 * - held_equals_entries:      every commit's held == Σ entry.heldDeltaPoints up to it
 * - held_equals_open_holds:   held == Σ open holds, and the open holds are those the entries left open
 * - available_not_negative:   0 ≤ held ≤ balance
 * - lots_not_negative:        every lot bucket has remaining ≥ 0
 * - lots_equal_balance:       Σ lot remaining == balance (held points stay in their lots until captured)
 * - lots_match_entries:       the lot buckets are those the entries' credits and takes leave
 * The replay uses the same pure transitions as the planners (shared/points/walletState), fed only
 * with what the entries say, so a planner that wrote a state its lines do not explain is caught.
 */
import { type Types } from 'mongoose';
import { creditLot, debitLots, emptyWalletState, type WalletState } from '../../shared/points/walletState';
import type { LedgerDeps } from './deps';
import type { CommitDoc } from './operation';

export interface Discrepancy {
  residentId: string;
  check: string;
  detail: string;
}

export async function ledgerReconciler(deps: LedgerDeps, options: { residentIds?: Types.ObjectId[] } = {}): Promise<Discrepancy[]> {
  const scope = options.residentIds ? { residentId: { $in: options.residentIds } } : {};
  const found: Discrepancy[] = [];
  const cursor = deps.models.LedgerCommit.collection.find<CommitDoc>(scope).sort({ residentId: 1, seq: 1 });
  let wallet: WalletReplay | null = null;
  for await (const commit of cursor) {
    if (!wallet || wallet.residentId !== String(commit.residentId)) {
      if (wallet) found.push(...wallet.finish());
      wallet = new WalletReplay(String(commit.residentId));
    }
    wallet.apply(commit);
  }
  if (wallet) found.push(...wallet.finish());
  return found;
}

class WalletReplay {
  private seq = 0;
  private balance = 0;
  private held = 0;
  private lots: WalletState = emptyWalletState();
  private readonly openHolds = new Map<string, number>();
  private last: CommitDoc | null = null;
  private readonly found: Discrepancy[] = [];

  constructor(readonly residentId: string) {}

  apply(commit: CommitDoc): void {
    this.seq += 1;
    if (commit.seq !== this.seq) this.report('seqs_contiguous', `${commit._id} has seq ${commit.seq}, expected ${this.seq}`);
    this.seq = commit.seq;
    for (const entry of commit.entries) {
      if (!Number.isSafeInteger(entry.points) || !Number.isSafeInteger(entry.heldDeltaPoints)) this.report('integer_points', `${commit._id}: ${entry.points}/${entry.heldDeltaPoints}`);
      this.balance += entry.points;
      this.held += entry.heldDeltaPoints;
      if (entry.holdId && entry.heldDeltaPoints !== 0) this.openHolds.set(entry.holdId, (this.openHolds.get(entry.holdId) ?? 0) + entry.heldDeltaPoints);
      try {
        for (const take of entry.lots ?? []) this.lots = entry.points > 0 ? creditLot(this.lots, take.points, take.expiresAt) : debitLots(this.lots, [take]);
      } catch (err) {
        this.report('lots_match_entries', `${commit._id}: ${(err as Error).message}`);
      }
    }
    const { state } = commit;
    if (state.balancePoints !== this.balance) this.report('balance_equals_entries', `${commit._id}: balance ${state.balancePoints} ≠ Σ entries ${this.balance}`);
    if (state.heldPoints !== this.held) this.report('held_equals_entries', `${commit._id}: held ${state.heldPoints} ≠ Σ entries ${this.held}`);
    this.last = commit;
  }

  finish(): Discrepancy[] {
    const state = this.last?.state;
    if (!state) return this.found;
    const openSum = state.openHolds.reduce((sum, hold) => sum + hold.points, 0);
    const open = [...this.openHolds].filter(([, points]) => points !== 0);
    const sameHolds = open.length === state.openHolds.length && open.every(([holdId, points]) => state.openHolds.some((h) => h.holdId === holdId && h.points === points));
    if (state.heldPoints !== openSum || !sameHolds) {
      this.report('held_equals_open_holds', `held ${state.heldPoints}, open holds ${openSum} (${state.openHolds.length}), left open by entries ${open.length}`);
    }
    if (state.heldPoints < 0 || state.heldPoints > state.balancePoints) this.report('available_not_negative', `balance ${state.balancePoints} held ${state.heldPoints}`);
    for (const lot of state.lots) if (lot.remainingPoints < 0) this.report('lots_not_negative', `lot ${lot.expiresAt.toISOString()} has ${lot.remainingPoints}`);
    const lotSum = state.lots.reduce((sum, lot) => sum + lot.remainingPoints, 0);
    if (lotSum !== state.balancePoints) this.report('lots_equal_balance', `Σ lots ${lotSum} ≠ balance ${state.balancePoints}`);
    const key = (s: WalletState) => JSON.stringify(s.lots.map((lot) => [lot.expiresAt.getTime(), lot.remainingPoints]));
    if (key(this.lots) !== key(state)) this.report('lots_match_entries', `stored lots ${key(state)} ≠ lots from entries ${key(this.lots)}`);
    return this.found;
  }

  private report(check: string, detail: string): void {
    this.found.push({ residentId: this.residentId, check, detail });
  }
}
