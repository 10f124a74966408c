/**
 * What the 存折 tab shows: balance, held, available, points expiring within 30 days
 * ("N 积分将于 YYYY-MM-DD 到期"), and a statement page (newest first) with the running balance and
 * the reason in plain Chinese, filtered by Shanghai month and entry type.
 */
import { type Types } from 'mongoose';
import { lastUsableDay } from '../../shared/points';
import { expiringText, reasonLabel } from '../../shared/points/reasonLabels';
import { monthPeriodOfKey } from '../../shared/time/shanghai';
import type { LedgerEntryType } from '../models/ledgerEntry';
import type { LedgerDeps } from './deps';
import { asObjectId } from './operation';

export interface StatementQuery {
  residentId: Types.ObjectId | string;
  /** 'YYYY-MM', a Shanghai calendar month. */
  month?: string;
  types?: LedgerEntryType[];
  /** The previous page's `nextCursor`. */
  cursor?: string;
  pageSize?: number;
}

export interface StatementItem {
  at: Date;
  type: LedgerEntryType;
  points: number;
  cappedPoints: number;
  heldDeltaPoints: number;
  balanceAfterPoints: number;
  reasonCode: string;
  reasonText: string;
  seq: number;
}

export interface WalletView {
  balancePoints: number;
  heldPoints: number;
  availablePoints: number;
  expiringSoon: Array<{ points: number; lastDay: string; text: string }>;
  statement: { items: StatementItem[]; nextCursor: string | null };
}

const expiringWindow_ms = 30 * 24 * 60 * 60 * 1000;

export async function walletReader(deps: LedgerDeps, query: StatementQuery): Promise<WalletView> {
  const residentId = asObjectId(query.residentId);
  const now = deps.clock.now();
  const wallet = await deps.models.Wallet.findById(residentId, { balancePoints: 1, heldPoints: 1 }).lean();
  const lots = await deps.models.PointsLot.find(
    { residentId, remainingPoints: { $gt: 0 }, expiresAt: { $gt: now, $lte: new Date(now.getTime() + expiringWindow_ms) } },
    { remainingPoints: 1, expiresAt: 1 },
  ).lean();
  const byDay = new Map<string, number>();
  for (const lot of lots) {
    const day = lastUsableDay(lot.expiresAt);
    byDay.set(day, (byDay.get(day) ?? 0) + lot.remainingPoints);
  }
  const expiringSoon = [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([lastDay, points]) => ({ points, lastDay, text: expiringText(points, lastDay) }));

  const pageSize = Math.min(Math.max(query.pageSize ?? 20, 1), 100);
  const filter: Record<string, unknown> = { residentId };
  if (query.month) {
    const period = monthPeriodOfKey(query.month);
    filter.at = { $gte: period.startsAt, $lt: period.endsAt };
  }
  if (query.types && query.types.length > 0) filter.type = { $in: query.types };
  if (query.cursor) {
    const [seqText, id] = query.cursor.split('|');
    const seq = Number(seqText);
    filter.$or = [{ seq: { $lt: seq } }, { seq, _id: { $lt: id } }];
  }
  const entries = await deps.models.LedgerEntry.find(filter).sort({ seq: -1, _id: -1 }).limit(pageSize + 1).lean();
  const page = entries.slice(0, pageSize);
  const last = page[page.length - 1];
  const items = page.map((entry) => ({
    at: entry.at,
    type: entry.type as LedgerEntryType,
    points: entry.points,
    cappedPoints: entry.cappedPoints,
    heldDeltaPoints: entry.heldDeltaPoints,
    balanceAfterPoints: entry.balanceAfterPoints,
    reasonCode: entry.reasonCode,
    reasonText: reasonLabel(entry.reasonCode, entry.cappedPoints),
    seq: entry.seq,
  }));
  const balancePoints = wallet?.balancePoints ?? 0;
  const heldPoints = wallet?.heldPoints ?? 0;
  return {
    balancePoints,
    heldPoints,
    availablePoints: balancePoints - heldPoints,
    expiringSoon,
    statement: { items, nextCursor: entries.length > pageSize && last ? `${last.seq}|${String(last._id)}` : null },
  };
}
