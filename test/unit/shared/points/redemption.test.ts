import { defaultPolicy } from '../../../../shared/points/policy';
import {
  fenToPointsFloor,
  maxRedeemablePoints,
  monthlyRemainingPoints,
  pointsToFen,
  proportionalRestore,
  type RedeemableInput,
} from '../../../../shared/points/redemption';

describe('maxRedeemablePoints (50 %, ≥ 10, ≤ 500 a month, 1 point = 10 fen)', () => {
  // Rows: eligibleSelfPaidFen · availablePoints · redeemedThisMonthPoints → reason · maxPoints · limitedBy
  test.each<[number, number, number, string, number, string]>([
    // eligible share: floor(fen × 5000 / 10000 / 10) = floor(fen / 20)
    [9980, 1000, 0, 'limited_by_eligible_share', 499, 'limited_by_eligible_share'], // ¥99.80 → ¥49.90 = 499 points
    [6000, 1000, 0, 'limited_by_eligible_share', 300, 'limited_by_eligible_share'],
    [219, 1000, 0, 'limited_by_eligible_share', 10, 'limited_by_eligible_share'], // 10.95 → 10
    [200, 1000, 0, 'limited_by_eligible_share', 10, 'limited_by_eligible_share'], // exactly the minimum
    [199, 1000, 0, 'below_minimum', 0, 'limited_by_eligible_share'], // 9.95 → 9 < 10
    [0, 1000, 0, 'below_minimum', 0, 'limited_by_eligible_share'],
    // available points
    [100000, 37, 0, 'limited_by_available_points', 37, 'limited_by_available_points'],
    [100000, 10, 0, 'limited_by_available_points', 10, 'limited_by_available_points'],
    [100000, 9, 0, 'below_minimum', 0, 'limited_by_available_points'],
    [100000, 0, 0, 'below_minimum', 0, 'limited_by_available_points'],
    // monthly cap 500
    [100000, 1000, 0, 'limited_by_monthly_limit', 500, 'limited_by_monthly_limit'],
    [100000, 1000, 450, 'limited_by_monthly_limit', 50, 'limited_by_monthly_limit'],
    [100000, 1000, 490, 'limited_by_monthly_limit', 10, 'limited_by_monthly_limit'],
    [100000, 1000, 491, 'below_minimum', 0, 'limited_by_monthly_limit'],
    [100000, 1000, 500, 'below_minimum', 0, 'limited_by_monthly_limit'],
    [100000, 1000, 600, 'below_minimum', 0, 'limited_by_monthly_limit'], // over the cap (policy lowered): never negative
    // ties report monthly → available → share
    [10000, 500, 0, 'limited_by_monthly_limit', 500, 'limited_by_monthly_limit'],
    [2000, 100, 0, 'limited_by_available_points', 100, 'limited_by_available_points'],
  ])('%i fen, %i available, %i redeemed → %s %i', (eligibleSelfPaidFen, availablePoints, redeemedThisMonthPoints, reason, maxPoints, limitedBy) => {
    const input: RedeemableInput = { eligibleSelfPaidFen, availablePoints, redeemedThisMonthPoints };
    expect(maxRedeemablePoints(defaultPolicy, input)).toEqual({ maxPoints, reason, limitedBy });
  });

  test('a 100 % share policy and 1 fen per point use the same integer formula', () => {
    const policy = {
      ...defaultPolicy,
      valueFenPerPoint: 1,
      redemption: { maxShareOfEligibleBasisPoints: 10000, minPoints: 1, monthlyCapPoints: 1_000_000 },
    };
    expect(maxRedeemablePoints(policy, { eligibleSelfPaidFen: 12345, availablePoints: 99999, redeemedThisMonthPoints: 0 })).toEqual({
      maxPoints: 12345,
      reason: 'limited_by_eligible_share',
      limitedBy: 'limited_by_eligible_share',
    });
  });

  test.each([[-1], [0.5]])('rejects a non-integer or negative amount: %p', (bad) => {
    expect(() => maxRedeemablePoints(defaultPolicy, { eligibleSelfPaidFen: bad, availablePoints: 1, redeemedThisMonthPoints: 0 })).toThrow(RangeError);
  });
});

describe('conversion', () => {
  test.each([
    [0, 0],
    [1, 10],
    [500, 5000],
  ])('%i points = %i fen', (points, fen) => {
    expect(pointsToFen(defaultPolicy, points)).toBe(fen);
  });
  test.each([
    [0, 0],
    [9, 0],
    [10, 1],
    [19, 1],
    [5000, 500],
  ])('%i fen → %i whole points', (fen, points) => {
    expect(fenToPointsFloor(defaultPolicy, fen)).toBe(points);
  });
  test('rejects fractional points and fen', () => {
    expect(() => pointsToFen(defaultPolicy, 1.5)).toThrow(RangeError);
    expect(() => fenToPointsFloor(defaultPolicy, 10.5)).toThrow(RangeError);
  });
});

describe('proportionalRestore', () => {
  // Rows: captured points · refund fen · paid total fen · previously refunded fen → restored points
  test.each<[number, number, number, number, number]>([
    [100, 10000, 10000, 0, 100], // full refund
    [100, 5000, 10000, 0, 50],
    [100, 3333, 10000, 0, 33], // 33.33 → 33
    [100, 9999, 10000, 0, 99], // 99.99 → 99: never more than the refunded share
    [100, 0, 10000, 0, 0],
    [7, 1, 3, 0, 2], // 2.33 → 2
    [7, 1, 3, 1, 2], // running total 14/3 → 4, minus 2 already restored
    [7, 1, 3, 2, 3], // running total 21/3 → 7, minus 4: the full refund restores all 7
    [100, 3333, 10000, 6667, 34], // the last third gets the rounding remainder back
  ])('%i points, refund %i of %i fen after %i → %i', (captured, refund, paid, previous, restored) => {
    expect(proportionalRestore(captured, refund, paid, previous)).toBe(restored);
  });

  test('three partial refunds restore exactly what one full refund would', () => {
    const parts = [3333, 3333, 3334];
    let previous = 0;
    let restored = 0;
    for (const part of parts) {
      restored += proportionalRestore(100, part, 10000, previous);
      previous += part;
    }
    expect(restored).toBe(100);
  });

  test.each<[number, number, number, number]>([
    [100, 10001, 10000, 0], // refund over the amount paid
    [100, 5001, 10000, 5000],
    [100, 1, 0, 0], // nothing paid
    [100, -1, 10000, 0],
    [1.5, 1, 10000, 0],
  ])('rejects %p, %p, %p, %p', (captured, refund, paid, previous) => {
    expect(() => proportionalRestore(captured, refund, paid, previous)).toThrow(RangeError);
  });
});

describe('monthlyRemainingPoints: what 存折 and 出示码 both show (≤ 500 a month, never more than available)', () => {
  // Rows: availablePoints · redeemedThisMonthPoints → remaining
  test.each<[number, number, number]>([
    [1000, 0, 500],
    [1000, 22, 478],
    [478, 0, 478], // issue 14: 存折 said 478, 出示码 500 — the wallet holds only 478
    [30, 490, 10],
    [1000, 500, 0],
    [1000, 620, 0], // a lowered cap mid-month never goes negative
    [0, 0, 0],
  ])('%i available, %i redeemed → %i', (availablePoints, redeemedThisMonthPoints, expected) => {
    expect(monthlyRemainingPoints(defaultPolicy, { availablePoints, redeemedThisMonthPoints })).toBe(expected);
  });
});
