import {
  closeHold,
  creditLot,
  debitLots,
  debitSoonestFirst,
  dueLots,
  emptyWalletState,
  openHold,
  pruneRedeemedMonths,
  restoreMonthlyAllowance,
  type WalletState,
} from '../../../../shared/points/walletState';

const y2027 = new Date('2027-12-31T16:00:00.000Z');
const y2028 = new Date('2028-12-31T16:00:00.000Z');
const numbers = (s: WalletState) => ({
  balance: s.balancePoints,
  held: s.heldPoints,
  lots: s.lots.map((lot) => [lot.expiresAt.toISOString().slice(0, 4), lot.remainingPoints]),
  holds: s.openHolds.map((h) => [h.holdId, h.points]),
  months: s.redeemedByMonth,
});
const funded = creditLot(creditLot(emptyWalletState(), 100, y2028), 30, y2027);
const hold = (holdId: string, points: number, monthKey = '2026-11') => ({ holdId, points, monthKey, expiresAt: new Date('2026-11-23T02:15:00Z') });

describe('wallet state transitions: operation → wallet after', () => {
  test.each<[string, () => WalletState, ReturnType<typeof numbers>]>([
    ['credit two years, soonest bucket first', () => funded, { balance: 130, held: 0, lots: [['2027', 30], ['2028', 100]], holds: [], months: {} }],
    ['credit into an existing bucket', () => creditLot(funded, 5, y2027), { balance: 135, held: 0, lots: [['2027', 35], ['2028', 100]], holds: [], months: {} }],
    ['debit takes the soonest first and drops empty buckets', () => debitSoonestFirst(funded, 40).state, { balance: 90, held: 0, lots: [['2028', 90]], holds: [], months: {} }],
    ['open a hold: held and the month grow, lots stay', () => openHold(funded, hold('h1', 50)), { balance: 130, held: 50, lots: [['2027', 30], ['2028', 100]], holds: [['h1', 50]], months: { '2026-11': 50 } }],
    ['capture part: the rest is released and leaves the month', () => closeHold(openHold(funded, hold('h1', 50)), 'h1', 35).state, { balance: 95, held: 0, lots: [['2028', 95]], holds: [], months: { '2026-11': 35 } }],
    ['release: nothing leaves the lots', () => closeHold(openHold(funded, hold('h1', 50)), 'h1', 0).state, { balance: 130, held: 0, lots: [['2027', 30], ['2028', 100]], holds: [], months: { '2026-11': 0 } }],
    ['a release of a pruned month leaves the months alone', () => closeHold(pruneRedeemedMonths(openHold(funded, hold('old', 20, '2026-08')), '2026-11'), 'old', 0).state, { balance: 130, held: 0, lots: [['2027', 30], ['2028', 100]], holds: [], months: {} }],
    ['a refund gives the hold month its allowance back', () => restoreMonthlyAllowance(closeHold(openHold(funded, hold('h1', 50)), 'h1', 50).state, '2026-11', 20), { balance: 80, held: 0, lots: [['2028', 80]], holds: [], months: { '2026-11': 30 } }],
    ['a refund never takes a month below 0', () => restoreMonthlyAllowance(openHold(funded, hold('h1', 10)), '2026-11', 25), { balance: 130, held: 10, lots: [['2027', 30], ['2028', 100]], holds: [['h1', 10]], months: { '2026-11': 0 } }],
    ['a refund for a pruned month leaves the months alone', () => restoreMonthlyAllowance(funded, '2026-08', 5), { balance: 130, held: 0, lots: [['2027', 30], ['2028', 100]], holds: [], months: {} }],
    ['expire exactly the given takes', () => debitLots(funded, [{ expiresAt: y2027, points: 10 }]), { balance: 120, held: 0, lots: [['2027', 20], ['2028', 100]], holds: [], months: {} }],
  ])('%s', (_label, run, expected) => {
    expect(numbers(run())).toEqual(expected);
  });

  test('capture records where its points came from', () => {
    expect(closeHold(openHold(funded, hold('h1', 50)), 'h1', 50).takes).toEqual([
      { expiresAt: y2027, points: 30 },
      { expiresAt: y2028, points: 20 },
    ]);
  });

  test('months older than the previous one are pruned', () => {
    const state = { ...funded, redeemedByMonth: { '2026-09': 5, '2026-10': 10, '2026-11': 20 } };
    expect(pruneRedeemedMonths(state, '2026-11').redeemedByMonth).toEqual({ '2026-10': 10, '2026-11': 20 });
    expect(pruneRedeemedMonths(state, '2027-01').redeemedByMonth).toEqual({});
  });

  test('due lots: expired buckets with points left', () => {
    expect(dueLots(funded, new Date('2027-12-31T15:59:59.999Z'))).toEqual([]);
    expect(dueLots(funded, y2027)).toEqual([{ expiresAt: y2027, remainingPoints: 30 }]);
  });

  test.each<[string, () => unknown]>([
    ['a debit the lots cannot cover', () => debitSoonestFirst(funded, 131)],
    ['a take from an empty bucket', () => debitLots(funded, [{ expiresAt: new Date('2030-01-01T00:00:00Z'), points: 1 }])],
    ['a second hold with the same id', () => openHold(openHold(funded, hold('h1', 5)), hold('h1', 5))],
    ['closing a hold that is not open', () => closeHold(funded, 'nope', 0)],
    ['capturing more than the hold', () => closeHold(openHold(funded, hold('h1', 5)), 'h1', 6)],
    ['a fractional credit', () => creditLot(funded, 1.5, y2027)],
  ])('refuses %s (a planner bug, never an operating error)', (_label, run) => {
    expect(run).toThrow();
  });
});
