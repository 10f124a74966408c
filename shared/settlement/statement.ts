/**
 * Monthly pharmacy settlement statements (docs/domain.md §3.6, §5), as pure arithmetic in fen.
 *
 * Rules:
 * - A period is a Shanghai calendar month, half-open; it closes at its end instant.
 * - Each capture lands in exactly one statement: its pharmacy's, for the month containing capturedAt.
 * - A reversal in the same month as its capture is a `reversal` line there. A reversal in a later
 *   month (the capture's month has closed) is a `lateReversal` adjustment line in the month the
 *   reversal happens, so closed statements never change.
 * - Manual adjustments (signed) land in the month containing their `at`.
 * - statementTotalFen = capturedFen − reversedFen + adjustmentFen, and equals Σ line amountFen.
 * Because placement depends only on timestamps, rebuilding a past period always gives the same
 * statement whenever it runs.
 */
import { isWithin, monthPeriodOfKey, shanghaiMonthKey, toInstant, type Instant } from '../time/shanghai';

export interface CapturedRedemption {
  checkoutId: string;
  pharmacyId: string;
  capturedAt: Instant;
  points: number;
  valueFen: number;
}

/** A (possibly partial) reversal of a captured redemption, e.g. after a refund. Amounts positive. */
export interface RedemptionReversal {
  reversalId: string;
  checkoutId: string;
  reversedAt: Instant;
  points: number;
  valueFen: number;
}

/** An admin correction; amountFen is signed (+ owed to the pharmacy, − owed by it). */
export interface ManualAdjustment {
  adjustmentId: string;
  pharmacyId: string;
  at: Instant;
  amountFen: number;
}

export type StatementLineKind = 'capture' | 'reversal' | 'lateReversal' | 'adjustment';

export interface StatementLine {
  kind: StatementLineKind;
  /** checkoutId, reversalId or adjustmentId. */
  refId: string;
  checkoutId?: string;
  at: Date;
  /** Signed: captures positive, reversals negative. */
  points: number;
  amountFen: number;
}

export interface Statement {
  pharmacyId: string;
  periodKey: string;
  lines: StatementLine[];
  capturedPoints: number;
  reversedPoints: number;
  capturedFen: number;
  /** Same-month and late reversals. */
  reversedFen: number;
  /** Manual adjustments, signed. */
  adjustmentFen: number;
  statementTotalFen: number;
}

export type RejectionReason =
  | 'capture_already_listed'
  | 'capture_not_found'
  | 'reversal_already_listed'
  | 'reversal_before_capture'
  | 'reversal_exceeds_captured_amount';

export interface Rejection {
  refId: string;
  reason: RejectionReason;
}

export interface StatementInput {
  periodKey: string;
  captures: readonly CapturedRedemption[];
  reversals: readonly RedemptionReversal[];
  adjustments: readonly ManualAdjustment[];
}

/**
 * Statements for one month, one per pharmacy with activity, sorted by pharmacyId. Inputs that can
 * never be settled are returned as rejections (only those dated in the period), not silently dropped.
 */
export function buildStatements(input: StatementInput): { statements: Statement[]; rejected: Rejection[] } {
  const period = monthPeriodOfKey(input.periodKey);
  const { captureByCheckout, placedReversals, rejected } = validate(input.captures, input.reversals);
  const byPharmacy = new Map<string, StatementLine[]>();
  const add = (pharmacyId: string, line: StatementLine): void => {
    const lines = byPharmacy.get(pharmacyId) ?? [];
    lines.push(line);
    byPharmacy.set(pharmacyId, lines);
  };

  for (const capture of captureByCheckout.values()) {
    if (!isWithin(period, capture.capturedAt)) continue;
    add(capture.pharmacyId, {
      kind: 'capture',
      refId: capture.checkoutId,
      checkoutId: capture.checkoutId,
      at: toInstant(capture.capturedAt),
      points: capture.points,
      amountFen: capture.valueFen,
    });
  }
  for (const { reversal, capture } of placedReversals) {
    if (!isWithin(period, reversal.reversedAt)) continue;
    const late = shanghaiMonthKey(capture.capturedAt) !== input.periodKey;
    add(capture.pharmacyId, {
      kind: late ? 'lateReversal' : 'reversal',
      refId: reversal.reversalId,
      checkoutId: reversal.checkoutId,
      at: toInstant(reversal.reversedAt),
      points: -reversal.points,
      amountFen: -reversal.valueFen,
    });
  }
  for (const adjustment of input.adjustments) {
    assertSafeInteger(adjustment.amountFen, adjustment.adjustmentId);
    if (!isWithin(period, adjustment.at)) continue;
    add(adjustment.pharmacyId, {
      kind: 'adjustment',
      refId: adjustment.adjustmentId,
      at: toInstant(adjustment.at),
      points: 0,
      amountFen: adjustment.amountFen,
    });
  }

  const statements = [...byPharmacy.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([pharmacyId, lines]) => summarize(pharmacyId, input.periodKey, lines.sort(compareLines)));
  const rejectedInPeriod = rejected
    .filter((r) => isWithin(period, r.at))
    .map(({ refId, reason }) => ({ refId, reason }));
  return { statements, rejected: rejectedInPeriod };
}

function summarize(pharmacyId: string, periodKey: string, lines: StatementLine[]): Statement {
  let capturedPoints = 0;
  let reversedPoints = 0;
  let capturedFen = 0;
  let reversedFen = 0;
  let adjustmentFen = 0;
  for (const line of lines) {
    if (line.kind === 'capture') {
      capturedPoints += line.points;
      capturedFen += line.amountFen;
    } else if (line.kind === 'adjustment') {
      adjustmentFen += line.amountFen;
    } else {
      reversedPoints -= line.points;
      reversedFen -= line.amountFen;
    }
  }
  return {
    pharmacyId,
    periodKey,
    lines,
    capturedPoints,
    reversedPoints,
    capturedFen,
    reversedFen,
    adjustmentFen,
    statementTotalFen: capturedFen - reversedFen + adjustmentFen,
  };
}

interface Validated {
  captureByCheckout: Map<string, CapturedRedemption>;
  placedReversals: Array<{ reversal: RedemptionReversal; capture: CapturedRedemption }>;
  rejected: Array<Rejection & { at: Date }>;
}

/**
 * Applies captures and reversals in time order (ties by id) so "exceeds the captured amount" is
 * judged on what had been reversed before, independent of the input order.
 */
function validate(captures: readonly CapturedRedemption[], reversals: readonly RedemptionReversal[]): Validated {
  const captureByCheckout = new Map<string, CapturedRedemption>();
  const rejected: Validated['rejected'] = [];
  const sortedCaptures = [...captures].sort(
    (a, b) => toInstant(a.capturedAt).getTime() - toInstant(b.capturedAt).getTime() || compareStrings(a.checkoutId, b.checkoutId),
  );
  for (const capture of sortedCaptures) {
    assertPositiveAmounts(capture.points, capture.valueFen, capture.checkoutId);
    if (captureByCheckout.has(capture.checkoutId)) {
      rejected.push({ refId: capture.checkoutId, reason: 'capture_already_listed', at: toInstant(capture.capturedAt) });
      continue;
    }
    captureByCheckout.set(capture.checkoutId, capture);
  }

  const reversedSoFar = new Map<string, { points: number; valueFen: number }>();
  const seenReversals = new Set<string>();
  const placedReversals: Validated['placedReversals'] = [];
  const sortedReversals = [...reversals].sort(
    (a, b) => toInstant(a.reversedAt).getTime() - toInstant(b.reversedAt).getTime() || compareStrings(a.reversalId, b.reversalId),
  );
  for (const reversal of sortedReversals) {
    assertPositiveAmounts(reversal.points, reversal.valueFen, reversal.reversalId);
    const at = toInstant(reversal.reversedAt);
    const capture = captureByCheckout.get(reversal.checkoutId);
    const reject = (reason: RejectionReason): void => {
      rejected.push({ refId: reversal.reversalId, reason, at });
    };
    if (seenReversals.has(reversal.reversalId)) {
      reject('reversal_already_listed');
      continue;
    }
    seenReversals.add(reversal.reversalId);
    if (!capture) {
      reject('capture_not_found');
      continue;
    }
    if (at.getTime() < toInstant(capture.capturedAt).getTime()) {
      reject('reversal_before_capture');
      continue;
    }
    const before = reversedSoFar.get(reversal.checkoutId) ?? { points: 0, valueFen: 0 };
    const after = { points: before.points + reversal.points, valueFen: before.valueFen + reversal.valueFen };
    if (after.points > capture.points || after.valueFen > capture.valueFen) {
      reject('reversal_exceeds_captured_amount');
      continue;
    }
    reversedSoFar.set(reversal.checkoutId, after);
    placedReversals.push({ reversal, capture });
  }
  return { captureByCheckout, placedReversals, rejected };
}

export type DiscrepancyCode =
  | 'statement_listed_twice'
  | 'statement_total_does_not_match_lines'
  | 'capture_missing_from_statements'
  | 'capture_listed_more_than_once'
  | 'capture_in_wrong_statement'
  | 'capture_amount_differs'
  | 'line_without_capture'
  | 'reversal_missing_from_statements'
  | 'reversal_listed_more_than_once'
  | 'reversal_in_wrong_statement'
  | 'reversal_amount_differs'
  | 'reversal_should_be_late_reversal'
  | 'late_reversal_should_be_reversal'
  | 'line_without_reversal';

export interface Discrepancy {
  code: DiscrepancyCode;
  pharmacyId?: string;
  periodKey?: string;
  refId?: string;
  expectedFen?: number;
  actualFen?: number;
}

/**
 * Checks stored statements against the source captures and reversals (docs/domain.md §5): every
 * capture and reversal dated in a period the statements cover appears exactly once, in its
 * pharmacy's statement for the right month, with the right amount; totals add up.
 * A period is "covered" when any statement for it is given (a pharmacy with no activity has none).
 * Empty result = reconciled. Order: by statement, then by source record, for stable reports.
 */
export function reconcile(
  statements: readonly Statement[],
  captures: readonly CapturedRedemption[],
  reversals: readonly RedemptionReversal[],
): Discrepancy[] {
  const discrepancies: Discrepancy[] = [];
  const covered = new Set(statements.map((s) => s.periodKey));
  const statementKeys = new Set<string>();
  // refId → where it was listed, per line kind family.
  const captureLines = new Map<string, Array<{ statement: Statement; line: StatementLine }>>();
  const reversalLines = new Map<string, Array<{ statement: Statement; line: StatementLine }>>();

  for (const statement of statements) {
    const key = `${statement.pharmacyId}|${statement.periodKey}`;
    if (statementKeys.has(key)) {
      discrepancies.push({ code: 'statement_listed_twice', pharmacyId: statement.pharmacyId, periodKey: statement.periodKey });
    }
    statementKeys.add(key);
    const linesTotalFen = statement.lines.reduce((sum, line) => sum + line.amountFen, 0);
    if (linesTotalFen !== statement.statementTotalFen) {
      discrepancies.push({
        code: 'statement_total_does_not_match_lines',
        pharmacyId: statement.pharmacyId,
        periodKey: statement.periodKey,
        expectedFen: linesTotalFen,
        actualFen: statement.statementTotalFen,
      });
    }
    for (const line of statement.lines) {
      if (line.kind === 'adjustment') continue;
      const index = line.kind === 'capture' ? captureLines : reversalLines;
      const listed = index.get(line.refId) ?? [];
      listed.push({ statement, line });
      index.set(line.refId, listed);
    }
  }

  const captureByCheckout = new Map(captures.map((c) => [c.checkoutId, c]));
  for (const capture of captures) {
    const periodKey = shanghaiMonthKey(capture.capturedAt);
    checkListed(discrepancies, captureLines.get(capture.checkoutId), covered.has(periodKey), {
      refId: capture.checkoutId,
      pharmacyId: capture.pharmacyId,
      periodKey,
      amountFen: capture.valueFen,
      codes: ['capture_missing_from_statements', 'capture_listed_more_than_once', 'capture_in_wrong_statement', 'capture_amount_differs'],
    });
    captureLines.delete(capture.checkoutId);
  }
  for (const reversal of reversals) {
    const capture = captureByCheckout.get(reversal.checkoutId);
    const periodKey = shanghaiMonthKey(reversal.reversedAt);
    // A reversal without its capture cannot be placed; buildStatements rejects it, so skip it here.
    if (!capture) continue;
    checkListed(discrepancies, reversalLines.get(reversal.reversalId), covered.has(periodKey), {
      refId: reversal.reversalId,
      pharmacyId: capture.pharmacyId,
      periodKey,
      amountFen: -reversal.valueFen,
      codes: ['reversal_missing_from_statements', 'reversal_listed_more_than_once', 'reversal_in_wrong_statement', 'reversal_amount_differs'],
    });
    const lateExpected = shanghaiMonthKey(capture.capturedAt) !== periodKey;
    for (const { statement, line } of reversalLines.get(reversal.reversalId) ?? []) {
      // A line in the wrong month is already reported; its kind follows from that.
      if (statement.periodKey !== periodKey || line.kind === (lateExpected ? 'lateReversal' : 'reversal')) continue;
      discrepancies.push({
        code: lateExpected ? 'reversal_should_be_late_reversal' : 'late_reversal_should_be_reversal',
        refId: reversal.reversalId,
        pharmacyId: statement.pharmacyId,
        periodKey: statement.periodKey,
      });
    }
    reversalLines.delete(reversal.reversalId);
  }
  for (const [refId, listed] of captureLines) {
    for (const { statement } of listed) {
      discrepancies.push({ code: 'line_without_capture', refId, pharmacyId: statement.pharmacyId, periodKey: statement.periodKey });
    }
  }
  for (const [refId, listed] of reversalLines) {
    for (const { statement } of listed) {
      discrepancies.push({ code: 'line_without_reversal', refId, pharmacyId: statement.pharmacyId, periodKey: statement.periodKey });
    }
  }
  return discrepancies;
}

function checkListed(
  discrepancies: Discrepancy[],
  listed: Array<{ statement: Statement; line: StatementLine }> | undefined,
  periodCovered: boolean,
  expected: {
    refId: string;
    pharmacyId: string;
    periodKey: string;
    amountFen: number;
    codes: [DiscrepancyCode, DiscrepancyCode, DiscrepancyCode, DiscrepancyCode];
  },
): void {
  const [missing, more, wrongStatement, amountDiffers] = expected.codes;
  const where = { refId: expected.refId, pharmacyId: expected.pharmacyId, periodKey: expected.periodKey };
  if (!listed || listed.length === 0) {
    // Only a covered period can be missing something; other months are not under review.
    if (periodCovered) discrepancies.push({ code: missing, ...where });
    return;
  }
  if (listed.length > 1) discrepancies.push({ code: more, ...where });
  for (const { statement, line } of listed) {
    if (statement.pharmacyId !== expected.pharmacyId || statement.periodKey !== expected.periodKey) {
      discrepancies.push({ code: wrongStatement, refId: expected.refId, pharmacyId: statement.pharmacyId, periodKey: statement.periodKey });
    }
    if (line.amountFen !== expected.amountFen) {
      discrepancies.push({ code: amountDiffers, ...where, expectedFen: expected.amountFen, actualFen: line.amountFen });
    }
  }
}

function compareLines(a: StatementLine, b: StatementLine): number {
  return a.at.getTime() - b.at.getTime() || compareStrings(a.kind, b.kind) || compareStrings(a.refId, b.refId);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function assertPositiveAmounts(points: number, valueFen: number, refId: string): void {
  if (!Number.isSafeInteger(points) || points <= 0 || !Number.isSafeInteger(valueFen) || valueFen <= 0) {
    throw new RangeError(`points and valueFen must be positive integers: ${refId}`);
  }
}

function assertSafeInteger(n: number, refId: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`amountFen must be an integer: ${refId}`);
}
