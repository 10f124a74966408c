/**
 * What the 存折 tab shows: balance, held, available, points expiring within 30 days
 * ("N 积分将于 YYYY-MM-DD 到期"), and a statement page (newest first) with the running balance and
 * the reason in plain Chinese, filtered by Shanghai month and entry type.
 */
import { type Types } from 'mongoose';
import { lastUsableDay } from '../../shared/points';
import { expiringText, reasonLabel } from '../../shared/points/reasonLabels';
import { monthPeriodOfKey } from '../../shared/time/shanghai';
import { ledgerEntryTypes, type LedgerEntryType } from '../models/ledgerCommit';
import type { LedgerDeps } from './deps';
import { availablePointsOf, type WalletState } from '../../shared/points/walletState';
import { sharedRead } from '../db/sharedRead';
import { cachedHead } from './headCache';
import { asObjectId, currentHead, type CommitDoc, type EntryLine } from './operation';

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

export interface WalletBalances {
  balancePoints: number;
  heldPoints: number;
  availablePoints: number;
  expiringSoon: Array<{ points: number; lastDay: string; text: string }>;
}

export interface WalletView extends WalletBalances {
  statement: { items: StatementItem[]; nextCursor: string | null };
}

const expiringWindow_ms = 30 * 24 * 60 * 60 * 1000;

/**
 * The wallet as stored now (balance, held, lots, open holds, this month's redemptions). Concurrent
 * readers of one wallet share the head read in flight, unless this process wrote the wallet since
 * it started (the cached head's seq is part of the key), so a reader always sees its own process's
 * writes; writers confirm the head themselves (operation.ts).
 */
export async function walletStateOf(deps: LedgerDeps, residentId: Types.ObjectId | string) {
  const id = asObjectId(residentId);
  const head = await sharedRead(deps.models.LedgerCommit, `${id.toHexString()}:${cachedHead(deps, id)?.seq ?? '-'}`, () => currentHead(deps, id));
  return head.state;
}

/** Balance, held, available and what expires within 30 days, from a wallet state (no reads). */
export function walletBalances(state: WalletState, now: Date): WalletBalances {
  const soon = state.lots.filter((lot) => lot.expiresAt.getTime() > now.getTime() && lot.expiresAt.getTime() <= now.getTime() + expiringWindow_ms);
  const expiringSoon = soon.map((lot) => {
    const lastDay = lastUsableDay(lot.expiresAt);
    return { points: lot.remainingPoints, lastDay, text: expiringText(lot.remainingPoints, lastDay) };
  });
  return { balancePoints: state.balancePoints, heldPoints: state.heldPoints, availablePoints: availablePointsOf(state), expiringSoon };
}

export async function walletReader(deps: LedgerDeps, query: StatementQuery): Promise<WalletView> {
  const residentId = asObjectId(query.residentId);
  const state = await walletStateOf(deps, residentId);

  const pageSize = Math.min(Math.max(query.pageSize ?? 20, 1), 100);
  const types = query.types && query.types.length > 0 ? query.types : [...ledgerEntryTypes];
  const filter: Record<string, unknown> = { residentId, 'entries.type': { $in: types } };
  if (query.month) {
    const period = monthPeriodOfKey(query.month);
    filter.at = { $gte: period.startsAt, $lt: period.endsAt };
  }
  const cursor = query.cursor ? parseCursor(query.cursor) : null;
  if (cursor) filter.seq = { $lte: cursor.seq };
  // Each matching commit has at least one matching line; the cursor's commit may have none left.
  const commits = await deps.models.LedgerCommit.collection
    .find<CommitDoc>(filter)
    .sort({ seq: -1 })
    .limit(pageSize + 2)
    .toArray();
  const lines = commits.flatMap((commit) =>
    statementLines(commit)
      .filter((line) => types.includes(line.entry.type))
      .filter((line) => !cursor || commit.seq < cursor.seq || line.index < cursor.index)
      .reverse(),
  );
  const page = lines.slice(0, pageSize);
  const last = page[page.length - 1];
  return {
    ...walletBalances(state, deps.clock.now()),
    statement: {
      items: page.map(({ commit, entry, balanceAfterPoints }) => ({
        at: commit.at,
        type: entry.type,
        points: entry.points,
        cappedPoints: entry.cappedPoints ?? 0,
        heldDeltaPoints: entry.heldDeltaPoints,
        balanceAfterPoints,
        reasonCode: entry.reasonCode,
        reasonText: reasonLabel(entry.reasonCode, entry.cappedPoints ?? 0),
        seq: commit.seq,
      })),
      nextCursor: lines.length > pageSize && last ? `${last.commit.seq}|${last.index}` : null,
    },
  };
}

export interface StatementLine {
  commit: CommitDoc;
  entry: EntryLine;
  index: number;
  /** The running balance just after this line (the commit's balance less the lines after it). */
  balanceAfterPoints: number;
}

/** A commit's lines in order, each with its running balance. */
export function statementLines(commit: CommitDoc): StatementLine[] {
  let balance = commit.state.balancePoints - commit.entries.reduce((sum, entry) => sum + entry.points, 0);
  return commit.entries.map((entry, index) => {
    balance += entry.points;
    return { commit, entry, index, balanceAfterPoints: balance };
  });
}

function parseCursor(cursor: string): { seq: number; index: number } | null {
  const [seq, index] = cursor.split('|').map(Number);
  return Number.isSafeInteger(seq) && Number.isSafeInteger(index) ? { seq: seq!, index: index! } : null;
}
