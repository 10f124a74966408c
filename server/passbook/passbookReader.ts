/**
 * The 存折 tab's two reads (summary; statement page) and the clinic's printable statement, on top of
 * the ledger's walletReader. Dates are Shanghai calendar days; points are integers.
 */
import type { Types } from 'mongoose';
import { monthlyRemainingPoints, policyInEffect } from '../../shared/points';
import { reasonLabel } from '../../shared/points/reasonLabels';
import { addCalendarMonths, monthPeriodOfKey, shanghaiDate, shanghaiMonthKey } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { type StatementKind } from '../../shared/api/passbook';
import { loadPolicies, statementLines, walletBalances, walletReader, walletStateOf, type CommitDoc, type StatementItem } from '../ledger';
import { ledgerEntryTypes, type LedgerEntryType } from '../models/ledgerCommit';
import { buildStatementPdf } from './statementPdf';

export const statementKindTypes: Record<StatementKind, LedgerEntryType[]> = {
  earn: ['earn'],
  use: ['hold', 'capture', 'release'],
  refund: ['reverse'],
  expire: ['expire'],
  adjust: ['adjust'],
};
const kindOfType: Record<LedgerEntryType, StatementKind> = { earn: 'earn', hold: 'use', capture: 'use', release: 'use', reverse: 'refund', expire: 'expire', adjust: 'adjust' };

const hhmm = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);

export function presentStatementItem(item: StatementItem) {
  return {
    seq: item.seq,
    day: shanghaiDate(item.at),
    time: hhmm(item.at),
    kind: kindOfType[item.type],
    reasonText: item.reasonText,
    points: item.points,
    heldDeltaPoints: item.heldDeltaPoints,
    cappedPoints: item.cappedPoints,
    balanceAfterPoints: item.balanceAfterPoints,
  };
}

/** One read of the wallet's head (often a constant-time confirmation of the cached one); the policy is cached. */
export async function passbookSummary(deps: AppDeps, residentId: Types.ObjectId | string) {
  const now = deps.clock.now();
  const [state, policies] = await Promise.all([walletStateOf(deps, residentId), loadPolicies(deps)]);
  const view = walletBalances(state, now);
  const policy = policyInEffect(policies, now) ?? policies[0];
  if (!policy) throw new Error('no points policy stored');
  const monthKey = shanghaiMonthKey(now);
  const usedPoints = state.redeemedByMonth[monthKey] ?? 0;
  const capPoints = policy.redemption.monthlyCapPoints;
  return {
    balancePoints: view.balancePoints,
    heldPoints: view.heldPoints,
    availablePoints: view.availablePoints,
    valueFenPerPoint: policy.valueFenPerPoint,
    expiringSoon: view.expiringSoon,
    thisMonth: {
      monthKey,
      capPoints,
      usedPoints,
      // The figure 出示码 shows too: one computation (shared/points/redemption.ts).
      remainingPoints: monthlyRemainingPoints(policy, { availablePoints: view.availablePoints, redeemedThisMonthPoints: usedPoints }),
      minPoints: policy.redemption.minPoints,
      maxShareOfEligibleBasisPoints: policy.redemption.maxShareOfEligibleBasisPoints,
    },
  };
}

export async function passbookStatement(deps: AppDeps, query: { residentId: Types.ObjectId | string; month?: string | undefined; kind?: StatementKind | undefined; cursor?: string | undefined; pageSize?: number | undefined }) {
  const view = await walletReader(deps, {
    residentId: query.residentId,
    month: query.month,
    types: query.kind ? statementKindTypes[query.kind] : undefined,
    cursor: query.cursor,
    pageSize: query.pageSize ?? 20,
  });
  return { items: view.statement.items.map(presentStatementItem), nextCursor: view.statement.nextCursor };
}

/** Months `from`..`to` inclusive (YYYY-MM), default the last 12 months up to this one. */
export function statementPeriod(now: Date, range: { from?: string | undefined; to?: string | undefined }) {
  const to = range.to ?? shanghaiMonthKey(now);
  const from = range.from ?? addCalendarMonths(`${to}-01`, -11).slice(0, 7);
  return { from, to, startsAt: monthPeriodOfKey(from).startsAt, endsAt: monthPeriodOfKey(to).endsAt };
}

/** The printable statement: name (no ID number, no phone), period, every entry, balances. */
export async function passbookStatementPdf(deps: AppDeps, resident: { _id: Types.ObjectId; name: string }, range: { from?: string | undefined; to?: string | undefined }) {
  const now = deps.clock.now();
  const period = statementPeriod(now, range);
  const commits = await deps.models.LedgerCommit.collection
    .find<CommitDoc>({ residentId: resident._id, at: { $gte: period.startsAt, $lt: period.endsAt }, 'entries.type': { $in: [...ledgerEntryTypes] } })
    .sort({ seq: 1 })
    // A PDF is read by a person: 2,000 lines is already ~60 pages.
    .limit(2_000)
    .toArray();
  const before = await deps.models.LedgerCommit.collection.findOne<CommitDoc>({ residentId: resident._id, at: { $lt: period.startsAt } }, {
    sort: { seq: -1 },
    projection: { state: 1 },
  });
  const summary = await passbookSummary(deps, resident._id);
  const rows = commits.flatMap(statementLines).map(({ commit, entry, balanceAfterPoints }) => ({
    day: shanghaiDate(commit.at),
    time: hhmm(commit.at),
    reasonText: reasonLabel(entry.reasonCode, entry.cappedPoints ?? 0),
    points: entry.points,
    heldDeltaPoints: entry.heldDeltaPoints,
    balanceAfterPoints,
  }));
  const content = await buildStatementPdf({
    residentName: resident.name,
    fromMonth: period.from,
    toMonth: period.to,
    printedAt: now,
    openingBalancePoints: before?.state.balancePoints ?? 0,
    closingBalancePoints: rows.at(-1)?.balanceAfterPoints ?? before?.state.balancePoints ?? 0,
    summary,
    rows,
  });
  return { filename: `积分明细_${resident.name}_${period.from}_${period.to}.pdf`, contentType: 'application/pdf', content };
}
