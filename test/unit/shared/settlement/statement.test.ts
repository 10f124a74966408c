import {
  buildStatements,
  reconcile,
  type CapturedRedemption,
  type ManualAdjustment,
  type RedemptionReversal,
  type Statement,
  type StatementLine,
} from '../../../../shared/settlement/statement';

const captures: CapturedRedemption[] = [
  { checkoutId: 'c1', pharmacyId: 'ph-A', capturedAt: '2026-11-05T02:00:00Z', points: 100, valueFen: 1000 },
  // 23:59:59.999 on 30 Nov Shanghai → November
  { checkoutId: 'c2', pharmacyId: 'ph-A', capturedAt: '2026-11-30T15:59:59.999Z', points: 50, valueFen: 500 },
  // 00:00 on 1 Dec Shanghai → December
  { checkoutId: 'c3', pharmacyId: 'ph-A', capturedAt: new Date('2026-11-30T16:00:00Z'), points: 200, valueFen: 2000 },
  // 00:00 on 1 Nov Shanghai, still 31 Oct in UTC → November
  { checkoutId: 'c4', pharmacyId: 'ph-B', capturedAt: '2026-10-31T16:00:00Z', points: 30, valueFen: 300 },
  { checkoutId: 'c5', pharmacyId: 'ph-B', capturedAt: '2026-10-31T15:59:59Z', points: 80, valueFen: 800 },
];

const reversals: RedemptionReversal[] = [
  { reversalId: 'r1', checkoutId: 'c1', reversedAt: '2026-11-10T02:00:00Z', points: 40, valueFen: 400 },
  { reversalId: 'r2', checkoutId: 'c5', reversedAt: '2026-11-02T02:00:00Z', points: 80, valueFen: 800 }, // October capture → late
  { reversalId: 'r3', checkoutId: 'c2', reversedAt: '2026-12-02T02:00:00Z', points: 50, valueFen: 500 }, // November capture → late
  { reversalId: 'r4', checkoutId: 'cX', reversedAt: '2026-11-15T02:00:00Z', points: 1, valueFen: 10 },
  { reversalId: 'r5', checkoutId: 'c1', reversedAt: '2026-11-20T02:00:00Z', points: 60, valueFen: 600 }, // exactly the rest
  { reversalId: 'r6', checkoutId: 'c1', reversedAt: '2026-11-21T02:00:00Z', points: 1, valueFen: 10 }, // one too many
];

const adjustments: ManualAdjustment[] = [
  { adjustmentId: 'a1', pharmacyId: 'ph-B', at: '2026-11-15T02:00:00Z', amountFen: 123 },
  { adjustmentId: 'a2', pharmacyId: 'ph-C', at: '2026-11-16T02:00:00Z', amountFen: -50 },
];

function build(periodKey: string) {
  return buildStatements({ periodKey, captures, reversals, adjustments });
}

/** `kind refId amountFen` per line. */
function lineRows(statement: Statement | undefined): string[] {
  return (statement?.lines ?? []).map((l) => `${l.kind} ${l.refId} ${l.amountFen}`);
}

describe('buildStatements', () => {
  // Rows: period · pharmacy → lines · captured · reversed · adjustment · total (fen)
  test.each<[string, string, string[], number, number, number, number]>([
    ['2026-10', 'ph-B', ['capture c5 800'], 800, 0, 0, 800],
    [
      '2026-11',
      'ph-A',
      ['capture c1 1000', 'reversal r1 -400', 'reversal r5 -600', 'capture c2 500'],
      1500,
      1000,
      0,
      500,
    ],
    ['2026-11', 'ph-B', ['capture c4 300', 'lateReversal r2 -800', 'adjustment a1 123'], 300, 800, 123, -377],
    ['2026-11', 'ph-C', ['adjustment a2 -50'], 0, 0, -50, -50],
    ['2026-12', 'ph-A', ['capture c3 2000', 'lateReversal r3 -500'], 2000, 500, 0, 1500],
  ])('%s %s', (periodKey, pharmacyId, lines, capturedFen, reversedFen, adjustmentFen, statementTotalFen) => {
    const statement = build(periodKey).statements.find((s) => s.pharmacyId === pharmacyId);
    expect(lineRows(statement)).toEqual(lines);
    expect(statement).toMatchObject({ periodKey, capturedFen, reversedFen, adjustmentFen, statementTotalFen });
    expect(statement?.lines.reduce((sum, l) => sum + l.amountFen, 0)).toBe(statementTotalFen);
  });

  test('statements are one per active pharmacy, sorted; rejections are those dated in the period', () => {
    const november = build('2026-11');
    expect(november.statements.map((s) => s.pharmacyId)).toEqual(['ph-A', 'ph-B', 'ph-C']);
    expect(november.statements[0]).toMatchObject({ capturedPoints: 150, reversedPoints: 100 });
    expect(november.rejected).toEqual([
      { refId: 'r4', reason: 'capture_not_found' },
      { refId: 'r6', reason: 'reversal_exceeds_captured_amount' },
    ]);
    expect(build('2026-12').rejected).toEqual([]);
    expect(build('2026-09')).toEqual({ statements: [], rejected: [] });
  });

  test('every capture lands in exactly one statement; Σ totals = Σ captured − Σ reversed', () => {
    const months = ['2026-09', '2026-10', '2026-11', '2026-12', '2027-01'];
    const statements = months.flatMap((m) => build(m).statements);
    const captureLines = statements.flatMap((s) => s.lines.filter((l) => l.kind === 'capture').map((l) => l.refId));
    expect(captureLines.sort()).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    const totalWithoutManual = statements.reduce((sum, s) => sum + s.statementTotalFen - s.adjustmentFen, 0);
    const capturedFen = captures.reduce((sum, c) => sum + c.valueFen, 0);
    const acceptedReversedFen = 400 + 800 + 500 + 600; // r1 r2 r3 r5
    expect(totalWithoutManual).toBe(capturedFen - acceptedReversedFen);
  });

  test('input order does not matter', () => {
    const shuffled = buildStatements({
      periodKey: '2026-11',
      captures: [...captures].reverse(),
      reversals: [...reversals].reverse(),
      adjustments: [...adjustments].reverse(),
    });
    expect(shuffled).toEqual(build('2026-11'));
  });

  test.each<[string, CapturedRedemption[], RedemptionReversal[], string[], string[]]>([
    [
      'a second capture for the same checkout is rejected, the first stays',
      [
        { checkoutId: 'd1', pharmacyId: 'ph-A', capturedAt: '2026-11-05T02:00:00Z', points: 10, valueFen: 100 },
        { checkoutId: 'd1', pharmacyId: 'ph-A', capturedAt: '2026-11-06T02:00:00Z', points: 10, valueFen: 100 },
      ],
      [],
      ['capture d1 100'],
      ['d1 capture_already_listed'],
    ],
    [
      'a reversal dated before its capture is rejected',
      [{ checkoutId: 'd1', pharmacyId: 'ph-A', capturedAt: '2026-11-05T02:00:00Z', points: 10, valueFen: 100 }],
      [{ reversalId: 'q1', checkoutId: 'd1', reversedAt: '2026-11-04T02:00:00Z', points: 10, valueFen: 100 }],
      ['capture d1 100'],
      ['q1 reversal_before_capture'],
    ],
    [
      'the same reversal twice is applied once',
      [{ checkoutId: 'd1', pharmacyId: 'ph-A', capturedAt: '2026-11-05T02:00:00Z', points: 10, valueFen: 100 }],
      [
        { reversalId: 'q1', checkoutId: 'd1', reversedAt: '2026-11-06T02:00:00Z', points: 5, valueFen: 50 },
        { reversalId: 'q1', checkoutId: 'd1', reversedAt: '2026-11-06T02:00:00Z', points: 5, valueFen: 50 },
      ],
      ['capture d1 100', 'reversal q1 -50'],
      ['q1 reversal_already_listed'],
    ],
    [
      'reversed points may not exceed captured points even when fen fit',
      [{ checkoutId: 'd1', pharmacyId: 'ph-A', capturedAt: '2026-11-05T02:00:00Z', points: 10, valueFen: 100 }],
      [{ reversalId: 'q1', checkoutId: 'd1', reversedAt: '2026-11-06T02:00:00Z', points: 11, valueFen: 100 }],
      ['capture d1 100'],
      ['q1 reversal_exceeds_captured_amount'],
    ],
  ])('%s', (_name, cs, rs, lines, rejected) => {
    const result = buildStatements({ periodKey: '2026-11', captures: cs, reversals: rs, adjustments: [] });
    expect(lineRows(result.statements[0])).toEqual(lines);
    expect(result.rejected.map((r) => `${r.refId} ${r.reason}`)).toEqual(rejected);
  });

  test('rejects malformed amounts and period keys as programmer errors', () => {
    const bad = { checkoutId: 'x', pharmacyId: 'p', capturedAt: '2026-11-05T02:00:00Z', points: 10, valueFen: 10.5 };
    expect(() => buildStatements({ periodKey: '2026-11', captures: [bad], reversals: [], adjustments: [] })).toThrow(RangeError);
    expect(() => buildStatements({ periodKey: '2026-13', captures: [], reversals: [], adjustments: [] })).toThrow(RangeError);
  });
});

describe('reconcile', () => {
  const validReversals = reversals.filter((r) => r.reversalId !== 'r4' && r.reversalId !== 'r6');
  const all = (): Statement[] => ['2026-10', '2026-11', '2026-12'].flatMap((m) => build(m).statements);

  function edit(statements: Statement[], pharmacyId: string, periodKey: string, change: (lines: StatementLine[]) => StatementLine[]): Statement[] {
    return statements.map((s) => {
      if (s.pharmacyId !== pharmacyId || s.periodKey !== periodKey) return s;
      const lines = change(s.lines.map((l) => ({ ...l })));
      return { ...s, lines, statementTotalFen: lines.reduce((sum, l) => sum + l.amountFen, 0) };
    });
  }

  test('statements built from the same records reconcile', () => {
    expect(reconcile(all(), captures, validReversals)).toEqual([]);
  });

  test('periods without statements are not under review', () => {
    const novemberOnly = build('2026-11').statements;
    expect(reconcile(novemberOnly, captures, validReversals)).toEqual([]);
  });

  test.each<[string, () => Statement[], string[]]>([
    [
      'a capture line dropped',
      () => edit(all(), 'ph-A', '2026-11', (ls) => ls.filter((l) => l.refId !== 'c2')),
      ['capture_missing_from_statements c2 ph-A 2026-11'],
    ],
    [
      'a capture listed again in another pharmacy',
      () => edit(all(), 'ph-B', '2026-11', (ls) => [...ls, { kind: 'capture', refId: 'c1', checkoutId: 'c1', at: new Date(0), points: 100, amountFen: 1000 }]),
      ['capture_listed_more_than_once c1 ph-A 2026-11', 'capture_in_wrong_statement c1 ph-B 2026-11'],
    ],
    [
      'a December capture put in November',
      () =>
        edit(
          edit(all(), 'ph-A', '2026-12', (ls) => ls.filter((l) => l.refId !== 'c3')),
          'ph-A',
          '2026-11',
          (ls) => [...ls, { kind: 'capture', refId: 'c3', checkoutId: 'c3', at: new Date(0), points: 200, amountFen: 2000 }],
        ),
      ['capture_in_wrong_statement c3 ph-A 2026-11'],
    ],
    [
      'a capture amount changed',
      () => edit(all(), 'ph-A', '2026-11', (ls) => ls.map((l) => (l.refId === 'c1' ? { ...l, amountFen: 999 } : l))),
      ['capture_amount_differs c1 ph-A 2026-11 1000→999'],
    ],
    [
      'a line for a checkout that was never captured',
      () => edit(all(), 'ph-C', '2026-11', (ls) => [...ls, { kind: 'capture', refId: 'ghost', at: new Date(0), points: 1, amountFen: 10 }]),
      ['line_without_capture ghost ph-C 2026-11'],
    ],
    [
      'a late reversal dropped',
      () => edit(all(), 'ph-B', '2026-11', (ls) => ls.filter((l) => l.refId !== 'r2')),
      ['reversal_missing_from_statements r2 ph-B 2026-11'],
    ],
    [
      'a late reversal booked into the closed period of its capture',
      () =>
        edit(
          edit(all(), 'ph-B', '2026-11', (ls) => ls.filter((l) => l.refId !== 'r2')),
          'ph-B',
          '2026-10',
          (ls) => [...ls, { kind: 'reversal', refId: 'r2', checkoutId: 'c5', at: new Date(0), points: -80, amountFen: -800 }],
        ),
      ['reversal_in_wrong_statement r2 ph-B 2026-10'],
    ],
    [
      'a late reversal marked as an ordinary reversal',
      () => edit(all(), 'ph-A', '2026-12', (ls) => ls.map((l) => (l.refId === 'r3' ? { ...l, kind: 'reversal' } : l))),
      ['reversal_should_be_late_reversal r3 ph-A 2026-12'],
    ],
    [
      'a reversal amount changed',
      () => edit(all(), 'ph-A', '2026-11', (ls) => ls.map((l) => (l.refId === 'r1' ? { ...l, amountFen: -300 } : l))),
      ['reversal_amount_differs r1 ph-A 2026-11 -400→-300'],
    ],
    [
      'a reversal line with no reversal behind it',
      () => edit(all(), 'ph-A', '2026-12', (ls) => [...ls, { kind: 'reversal', refId: 'r9', at: new Date(0), points: -1, amountFen: -10 }]),
      ['line_without_reversal r9 ph-A 2026-12'],
    ],
    [
      'a stored total that does not match its lines',
      () => all().map((s) => (s.pharmacyId === 'ph-A' && s.periodKey === '2026-12' ? { ...s, statementTotalFen: 1600 } : s)),
      ['statement_total_does_not_match_lines ph-A 2026-12 1500→1600'],
    ],
  ])('%s', (_name, statements, expected) => {
    const found = reconcile(statements(), captures, validReversals).map((d) =>
      [d.code, d.refId, d.pharmacyId, d.periodKey, d.expectedFen === undefined ? undefined : `${d.expectedFen}→${d.actualFen}`]
        .filter((x) => x !== undefined)
        .join(' '),
    );
    expect(found).toEqual(expected);
  });

  test('a statement listed twice is reported, and so is every line in it', () => {
    const statements = all();
    const ph = statements.find((s) => s.pharmacyId === 'ph-A' && s.periodKey === '2026-12')!;
    const codes = reconcile([...statements, ph], captures, validReversals).map((d) => `${d.code} ${d.refId ?? ''}`.trim());
    expect(codes).toEqual(['statement_listed_twice', 'capture_listed_more_than_once c3', 'reversal_listed_more_than_once r3']);
  });
});
