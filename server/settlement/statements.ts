/**
 * Monthly pharmacy settlement (docs/domain.md §3.6, §5) on top of the pure arithmetic in
 * shared/settlement/statement.ts. Sources are stored timestamps only (checkout.capturedAt, refund
 * pointsRestoredAt), so building a past period gives the same statements whenever it runs:
 * regeneration proves it with a content hash and never rewrites a statement. A refund after its
 * capture's month closed is a lateReversal line in the month it happens (an adjustment of the next
 * statement). draft → confirmed (pharmacy) → approved (admin) → paid (with a payment reference).
 */
import { createHash } from 'node:crypto';
import {
  buildStatements,
  reconcile,
  type CapturedRedemption,
  type Discrepancy,
  type RedemptionReversal,
  type Statement,
  type StatementLine,
} from '../../shared/settlement/statement';
import { monthPeriodOfKey, periodOf, shanghaiDate } from '../../shared/time/shanghai';
import type { CheckoutRecord } from '../checkout/checkoutStates';
import type { RefundRecord } from '../checkout/refunds';
import { collectionOf } from '../db/collectionOf';
import type { AppDeps } from '../deps';
import { badRequest, conflict, notFound } from '../http/errors';

export interface StoredStatement extends Statement {
  _id: string;
  contentHash: string;
  state: 'draft' | 'confirmed' | 'approved' | 'paid';
  generatedAt: Date;
  confirmedAt: Date | null;
  confirmedByAccountId: string | null;
  approvedAt: Date | null;
  approvedByAccountId: string | null;
  paidAt: Date | null;
  paidByAccountId: string | null;
  paymentReference: string | null;
}

export const statementIdOf = (periodKey: string, pharmacyId: string) => `${periodKey}.${pharmacyId}`;

function checkedPeriod(periodKey: string) {
  try {
    return monthPeriodOfKey(periodKey);
  } catch {
    throw badRequest('settlement_period_invalid');
  }
}

interface CaptureRow {
  _id: string;
  pharmacyId: string;
  capturedAt: Date;
  capturedPoints: number;
  valueFenPerPoint: number;
}

const captureOf = (c: CaptureRow): CapturedRedemption => ({
  checkoutId: c._id,
  pharmacyId: c.pharmacyId,
  capturedAt: c.capturedAt,
  points: c.capturedPoints,
  valueFen: c.capturedPoints * c.valueFenPerPoint,
});

/** Captures and reversals dated in [from, to), plus the captures those reversals refer to. */
export async function settlementSources(deps: AppDeps, range: { from?: Date; to?: Date } = {}) {
  const at = { ...(range.from ? { $gte: range.from } : { $ne: null }), ...(range.to ? { $lt: range.to } : {}) };
  const captureRows = await collectionOf<CheckoutRecord>(deps.models.Checkout)
    .find<CaptureRow>({ capturedAt: at, capturedPoints: { $gt: 0 } }, { projection: { pharmacyId: 1, capturedAt: 1, capturedPoints: 1, valueFenPerPoint: 1 } })
    .toArray();
  const refundRows = await collectionOf<RefundRecord>(deps.models.Refund)
    .find<{ _id: string; checkoutId: string; pointsRestoredAt: Date; restoredPoints: number; restoredValueFen: number }>(
      { pointsRestoredAt: at, restoredPoints: { $gt: 0 } },
      { projection: { checkoutId: 1, pointsRestoredAt: 1, restoredPoints: 1, restoredValueFen: 1 } },
    )
    .toArray();
  const known = new Set(captureRows.map((c) => c._id));
  const missing = [...new Set(refundRows.map((r) => r.checkoutId))].filter((id) => !known.has(id));
  if (missing.length > 0) {
    captureRows.push(
      ...(await collectionOf<CheckoutRecord>(deps.models.Checkout)
        .find<CaptureRow>({ _id: { $in: missing }, capturedPoints: { $gt: 0 } }, { projection: { pharmacyId: 1, capturedAt: 1, capturedPoints: 1, valueFenPerPoint: 1 } })
        .toArray()),
    );
  }
  const captures = captureRows.filter((c) => c.capturedAt).map(captureOf);
  const reversals: RedemptionReversal[] = refundRows.map((r) => ({
    reversalId: r._id,
    checkoutId: r.checkoutId,
    reversedAt: r.pointsRestoredAt,
    points: r.restoredPoints,
    valueFen: r.restoredValueFen,
  }));
  return { captures, reversals };
}

function contentHashOf(s: Statement): string {
  const canonical = JSON.stringify({
    lines: s.lines.map((l: StatementLine) => [l.kind, l.refId, l.checkoutId ?? null, new Date(l.at).toISOString(), l.points, l.amountFen]),
    totals: [s.capturedPoints, s.reversedPoints, s.capturedFen, s.reversedFen, s.adjustmentFen, s.statementTotalFen],
  });
  return createHash('sha256').update(canonical).digest('hex');
}

export interface GenerateReport {
  periodKey: string;
  created: string[];
  unchanged: string[];
  /** A stored statement whose sources now say something else: kept as it is, reported for a person. */
  differs: string[];
  rejected: Array<{ refId: string; reason: string }>;
}

/** Builds (or re-builds) every pharmacy's statement of a closed period. Never rewrites one. */
export async function statementGenerator(deps: AppDeps, periodKey: string): Promise<GenerateReport> {
  const period = checkedPeriod(periodKey);
  if (deps.clock.now().getTime() < period.endsAt.getTime()) throw conflict('settlement_period_not_closed');
  const { captures, reversals } = await settlementSources(deps, { from: period.startsAt, to: period.endsAt });
  const { statements, rejected } = buildStatements({ periodKey, captures, reversals, adjustments: [] });
  const report: GenerateReport = { periodKey, created: [], unchanged: [], differs: [], rejected };
  for (const s of statements) {
    const _id = statementIdOf(periodKey, s.pharmacyId);
    const contentHash = contentHashOf(s);
    const existing = await deps.models.SettlementStatement.findById(_id, { contentHash: 1 }).lean();
    if (existing) {
      (existing.contentHash === contentHash ? report.unchanged : report.differs).push(_id);
      continue;
    }
    try {
      await deps.models.SettlementStatement.create({ _id, ...s, lines: s.lines.map((l) => ({ ...l, at: new Date(l.at) })), contentHash, state: 'draft', generatedAt: deps.clock.now() });
      report.created.push(_id);
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      report.unchanged.push(_id);
    }
  }
  if (report.differs.length > 0 || rejected.length > 0) deps.logger.error({ report }, 'settlement sources disagree with stored statements');
  return report;
}

/** The durable job: closes the previous Shanghai month (idempotent; a missed run is caught up next time). */
export async function settlementPeriodCloser(deps: AppDeps): Promise<GenerateReport> {
  const current = periodOf(deps.clock.now(), 'month');
  const previous = periodOf(new Date(current.startsAt.getTime() - 1), 'month');
  return statementGenerator(deps, previous.key);
}

export async function loadStatement(deps: AppDeps, statementId: string): Promise<StoredStatement> {
  const s = await collectionOf<StoredStatement>(deps.models.SettlementStatement).findOne<StoredStatement>({ _id: statementId });
  if (!s) throw notFound('statement_not_found');
  return s;
}

/** A pharmacy's statements, newest period first (three years of months). */
export async function pharmacyStatements(deps: AppDeps, pharmacyId: string): Promise<StoredStatement[]> {
  return collectionOf<StoredStatement>(deps.models.SettlementStatement).find<StoredStatement>({ pharmacyId }).sort({ periodKey: -1 }).limit(36).toArray();
}

async function moveStatement(deps: AppDeps, statementId: string, from: StoredStatement['state'], to: StoredStatement['state'], set: Record<string, unknown>, refusal: 'statement_not_draft' | 'statement_not_confirmed' | 'statement_not_approved') {
  const after = await collectionOf<StoredStatement>(deps.models.SettlementStatement).findOneAndUpdate({ _id: statementId, state: from }, { $set: { ...set, state: to } }, { returnDocument: 'after' });
  if (!after) throw conflict(refusal);
  return after as unknown as StoredStatement;
}

export const statementConfirmer = (deps: AppDeps, statementId: string, accountId: string) =>
  moveStatement(deps, statementId, 'draft', 'confirmed', { confirmedAt: deps.clock.now(), confirmedByAccountId: accountId }, 'statement_not_draft');
export const statementApprover = (deps: AppDeps, statementId: string, accountId: string) =>
  moveStatement(deps, statementId, 'confirmed', 'approved', { approvedAt: deps.clock.now(), approvedByAccountId: accountId }, 'statement_not_confirmed');
export const statementPayer = (deps: AppDeps, statementId: string, accountId: string, paymentReference: string) =>
  moveStatement(deps, statementId, 'approved', 'paid', { paidAt: deps.clock.now(), paidByAccountId: accountId, paymentReference }, 'statement_not_approved');

const lineKindLabels: Record<string, string> = { capture: '抵扣', reversal: '退款冲回', lateReversal: '跨期退款调整', adjustment: '人工调整' };
const yuan = (fen: number) => `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
const csvCell = (v: string | number) => {
  const text = String(v);
  // A leading =, +, - or @ would be a formula in a spreadsheet; amounts are written as text-safe numbers.
  const safe = /^[=+@]/.test(text) ? `'${text}` : text;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** CSV (UTF-8 with BOM for Excel): one row per line, then the totals. Amounts in fen and yuan. */
export function statementCsv(s: StoredStatement, pharmacyName: string): string {
  const rows: Array<Array<string | number>> = [
    ['结算单', s._id],
    ['药店', pharmacyName, s.pharmacyId],
    ['结算周期', s.periodKey, '状态', s.state],
    [],
    ['类型', '类型代码', '单号', '抵扣单', '时间(北京)', '积分', '金额(分)', '金额(元)'],
    ...s.lines.map((l) => [
      lineKindLabels[l.kind] ?? l.kind,
      l.kind,
      l.refId,
      l.checkoutId ?? '',
      `${shanghaiDate(l.at)} ${new Date(new Date(l.at).getTime() + 8 * 3_600_000).toISOString().slice(11, 19)}`,
      l.points,
      l.amountFen,
      yuan(l.amountFen),
    ]),
    [],
    ['抵扣积分', s.capturedPoints, '抵扣金额(分)', s.capturedFen],
    ['冲回积分', s.reversedPoints, '冲回金额(分)', s.reversedFen],
    ['调整金额(分)', s.adjustmentFen],
    ['应结算金额(分)', s.statementTotalFen, '应结算金额(元)', yuan(s.statementTotalFen)],
  ];
  return `\ufeff${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export interface ReconciliationReport {
  periods: Array<{ periodKey: string; statementsTotalFen: number; capturedFen: number; reversedFen: number; balanced: boolean }>;
  discrepancies: Discrepancy[];
  ok: boolean;
}

/**
 * Proves, for every period with statements (or only `periodKey`): Σ statement totals == Σ captured −
 * Σ reversed of that period, and (shared reconcile) every capture and reversal listed exactly once
 * in the right statement.
 */
export async function settlementReconciler(deps: AppDeps, options: { periodKey?: string } = {}): Promise<ReconciliationReport> {
  const filter = options.periodKey ? { periodKey: options.periodKey } : {};
  const statements = await collectionOf<StoredStatement>(deps.models.SettlementStatement).find<StoredStatement>(filter).toArray();
  const range = options.periodKey ? (() => {
    const p = checkedPeriod(options.periodKey);
    return { from: p.startsAt, to: p.endsAt };
  })() : {};
  const { captures, reversals } = await settlementSources(deps, range);
  const discrepancies = reconcile(statements, captures, reversals);
  const periodKeys = [...new Set(statements.map((s) => s.periodKey))].sort();
  const periods = periodKeys.map((periodKey) => {
    const p = monthPeriodOfKey(periodKey);
    const inPeriod = (at: Date | string) => new Date(at) >= p.startsAt && new Date(at) < p.endsAt;
    const statementsTotalFen = statements.filter((s) => s.periodKey === periodKey).reduce((sum, s) => sum + s.statementTotalFen, 0);
    const capturedFen = captures.filter((c) => inPeriod(c.capturedAt)).reduce((sum, c) => sum + c.valueFen, 0);
    const reversedFen = reversals.filter((r) => inPeriod(r.reversedAt)).reduce((sum, r) => sum + r.valueFen, 0);
    return { periodKey, statementsTotalFen, capturedFen, reversedFen, balanced: statementsTotalFen === capturedFen - reversedFen };
  });
  return { periods, discrepancies, ok: discrepancies.length === 0 && periods.every((p) => p.balanced) };
}
