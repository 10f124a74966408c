/**
 * A resident's passbook after an operation, as every ledger commit stores it (the next operation is
 * planned from it alone). Pure transitions, so the ledger engine, the reconciler's replay and the
 * tests agree on what an entry does to the wallet.
 * - `lots`: earned points grouped by expiry instant (points earned in one Shanghai year share one),
 *   soonest first, only buckets with points left. Σ remaining == balance: held points stay in their
 *   lots until captured.
 * - `openHolds`: reserved holds; heldPoints == Σ points.
 * - `redeemedByMonth`: points held or captured, less those refunded, per Shanghai month ('YYYY-MM')
 *   of the hold, for the monthly cap; only this and last month are kept (a hold lives minutes, a release may still meet last month).
 */
import { addCalendarMonths } from '../time/shanghai';
import { allocateSoonestExpiringFirst } from './expiry';

export interface LotBucket {
  expiresAt: Date;
  remainingPoints: number;
}

export interface OpenHold {
  holdId: string;
  points: number;
  monthKey: string;
  expiresAt: Date;
}

export interface WalletState {
  balancePoints: number;
  heldPoints: number;
  lots: LotBucket[];
  openHolds: OpenHold[];
  redeemedByMonth: Record<string, number>;
}

/** Points taken from one expiry bucket (recorded on capture, expire and negative adjust entries). */
export interface LotTake {
  expiresAt: Date;
  points: number;
}

export const emptyWalletState = (): WalletState => ({ balancePoints: 0, heldPoints: 0, lots: [], openHolds: [], redeemedByMonth: {} });

export const availablePointsOf = (state: WalletState): number => state.balancePoints - state.heldPoints;

/** Adds earned (or restored) points to the bucket of their expiry. */
export function creditLot(state: WalletState, points: number, expiresAt: Date): WalletState {
  assertPositive(points);
  const at = expiresAt.getTime();
  const existing = state.lots.find((lot) => lot.expiresAt.getTime() === at);
  const lots = existing
    ? state.lots.map((lot) => (lot === existing ? { ...lot, remainingPoints: lot.remainingPoints + points } : lot))
    : [...state.lots, { expiresAt: new Date(at), remainingPoints: points }].sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());
  return { ...state, balancePoints: state.balancePoints + points, lots };
}

/** Removes points from the soonest-expiring buckets; throws if the lots cannot cover them (corruption). */
export function debitSoonestFirst(state: WalletState, points: number): { state: WalletState; takes: LotTake[] } {
  const allocation = allocateSoonestExpiringFirst(
    state.lots.map((lot) => ({ lotId: lot.expiresAt.toISOString(), remainingPoints: lot.remainingPoints, expiresAt: lot.expiresAt })),
    points,
  );
  if (allocation.result !== 'allocated') throw new Error(`lots short by ${allocation.shortfallPoints} of ${points}`);
  const takes = allocation.allocations.map((a) => ({ expiresAt: new Date(a.lotId), points: a.points }));
  return { state: debitLots(state, takes), takes };
}

/** Removes exactly these points from these buckets (an expiry, or a replay of recorded takes). */
export function debitLots(state: WalletState, takes: readonly LotTake[]): WalletState {
  let lots = state.lots;
  let total = 0;
  for (const take of takes) {
    assertPositive(take.points);
    const lot = lots.find((l) => l.expiresAt.getTime() === take.expiresAt.getTime());
    if (!lot || lot.remainingPoints < take.points) throw new Error(`bucket ${take.expiresAt.toISOString()} cannot give ${take.points}`);
    lots = lots.map((l) => (l === lot ? { ...l, remainingPoints: l.remainingPoints - take.points } : l)).filter((l) => l.remainingPoints > 0);
    total += take.points;
  }
  return { ...state, balancePoints: state.balancePoints - total, lots };
}

export function openHold(state: WalletState, hold: OpenHold): WalletState {
  assertPositive(hold.points);
  if (state.openHolds.some((h) => h.holdId === hold.holdId)) throw new Error(`hold ${hold.holdId} is already open`);
  return {
    ...state,
    heldPoints: state.heldPoints + hold.points,
    openHolds: [...state.openHolds, hold],
    redeemedByMonth: { ...state.redeemedByMonth, [hold.monthKey]: (state.redeemedByMonth[hold.monthKey] ?? 0) + hold.points },
  };
}

/**
 * Closes an open hold: `capturedPoints` of it leave the balance (soonest-expiring lots first), the
 * rest is released and no longer counts against its month's cap.
 */
export function closeHold(state: WalletState, holdId: string, capturedPoints: number): { state: WalletState; takes: LotTake[] } {
  const hold = state.openHolds.find((h) => h.holdId === holdId);
  if (!hold) throw new Error(`hold ${holdId} is not open`);
  if (!Number.isSafeInteger(capturedPoints) || capturedPoints < 0 || capturedPoints > hold.points) throw new RangeError(`cannot capture ${capturedPoints} of ${hold.points}`);
  const releasedPoints = hold.points - capturedPoints;
  const redeemedByMonth = { ...state.redeemedByMonth };
  // A pruned month is over: its cap no longer decides anything.
  if (releasedPoints > 0 && hold.monthKey in redeemedByMonth) redeemedByMonth[hold.monthKey] = (redeemedByMonth[hold.monthKey] ?? 0) - releasedPoints;
  const released: WalletState = {
    ...state,
    heldPoints: state.heldPoints - hold.points,
    openHolds: state.openHolds.filter((h) => h !== hold),
    redeemedByMonth,
  };
  return capturedPoints > 0 ? debitSoonestFirst(released, capturedPoints) : { state: released, takes: [] };
}

/**
 * Refunded points no longer count as redeemed in the month their hold was placed, so a refund gives
 * the monthly allowance back (never below 0; a pruned month is over and stays so).
 */
export function restoreMonthlyAllowance(state: WalletState, monthKey: string, points: number): WalletState {
  assertPositive(points);
  if (!(monthKey in state.redeemedByMonth)) return state;
  return { ...state, redeemedByMonth: { ...state.redeemedByMonth, [monthKey]: Math.max(0, (state.redeemedByMonth[monthKey] ?? 0) - points) } };
}

/** Keeps the month counters of `monthKey` and the month before it. */
export function pruneRedeemedMonths(state: WalletState, monthKey: string): WalletState {
  const previous = addCalendarMonths(`${monthKey}-01`, -1).slice(0, 7);
  const kept = Object.entries(state.redeemedByMonth).filter(([key]) => key >= previous);
  if (kept.length === Object.keys(state.redeemedByMonth).length) return state;
  return { ...state, redeemedByMonth: Object.fromEntries(kept) };
}

/** Buckets whose expiry has passed and that still hold points, soonest first. */
export function dueLots(state: WalletState, now: Date): LotBucket[] {
  return state.lots.filter((lot) => lot.expiresAt.getTime() <= now.getTime() && lot.remainingPoints > 0);
}

function assertPositive(points: number): void {
  if (!Number.isSafeInteger(points) || points <= 0) throw new RangeError(`points must be a positive integer: ${points}`);
}
