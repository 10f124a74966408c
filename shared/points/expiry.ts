/**
 * Point expiry and the order in which points are spent (docs/domain.md §4.5: points earned in year Y
 * expire on 31 Dec of Y+1; spending uses the soonest-expiring points first).
 */
import { addCalendarDays, shanghaiDate, shanghaiYear, toInstant, type CalendarDay, type Instant } from '../time/shanghai';
import type { PointsPolicy } from './policy';

/**
 * The instant points earned at `earnedAt` stop being usable: 00:00 on 1 Jan of Y+2 Shanghai time,
 * where Y is the Shanghai year of earnedAt. Exclusive: a lot is usable while `at < expiresAt`, so
 * the whole of 31 Dec Y+1 still counts and there is no 23:59:59.999 edge to get wrong.
 * Example: earned 2026-12-31T16:30Z (= 2027-01-01 in Shanghai) → expires 2028-12-31T16:00:00Z.
 */
export function expiryFor(policy: PointsPolicy, earnedAt: Instant): Date {
  switch (policy.expiry.kind) {
    case 'endOfFollowingYear':
      return toInstant(`${shanghaiYear(earnedAt) + 2}-01-01`);
  }
}

export function isExpired(expiresAt: Date, at: Instant): boolean {
  return toInstant(at).getTime() >= expiresAt.getTime();
}

/** The last Shanghai day a lot can be spent, for "N points expire on …". */
export function lastUsableDay(expiresAt: Date): CalendarDay {
  return addCalendarDays(shanghaiDate(expiresAt), -1);
}

export interface PointsLot {
  lotId: string;
  remainingPoints: number;
  expiresAt: Date;
}

export interface LotAllocation {
  lotId: string;
  points: number;
}

export type AllocationResult =
  | { result: 'allocated'; allocations: LotAllocation[] }
  | { result: 'insufficient_points'; shortfallPoints: number };

/**
 * Takes `points` from the lots that expire soonest; equal expiry → lower lotId first (plain string
 * order, not locale order, so every runtime agrees). The caller passes only lots usable now.
 */
export function allocateSoonestExpiringFirst(lots: readonly PointsLot[], points: number): AllocationResult {
  if (!Number.isSafeInteger(points) || points <= 0) throw new RangeError(`points must be a positive integer: ${points}`);
  const seen = new Set<string>();
  for (const lot of lots) {
    if (seen.has(lot.lotId)) throw new RangeError(`duplicate lotId: ${lot.lotId}`);
    seen.add(lot.lotId);
    if (!Number.isSafeInteger(lot.remainingPoints) || lot.remainingPoints < 0) {
      throw new RangeError(`remainingPoints must be a non-negative integer: ${lot.lotId}`);
    }
  }
  const ordered = [...lots].sort((a, b) => {
    const byExpiry = a.expiresAt.getTime() - b.expiresAt.getTime();
    if (byExpiry !== 0) return byExpiry;
    return a.lotId < b.lotId ? -1 : a.lotId > b.lotId ? 1 : 0;
  });
  const allocations: LotAllocation[] = [];
  let remaining = points;
  for (const lot of ordered) {
    if (remaining === 0) break;
    if (lot.remainingPoints === 0) continue;
    const taken = Math.min(lot.remainingPoints, remaining);
    allocations.push({ lotId: lot.lotId, points: taken });
    remaining -= taken;
  }
  if (remaining > 0) return { result: 'insufficient_points', shortfallPoints: remaining };
  return { result: 'allocated', allocations };
}
