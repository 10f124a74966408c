import { allocateSoonestExpiringFirst, expiryFor, isExpired, lastUsableDay, type PointsLot } from '../../../../shared/points/expiry';
import { defaultPolicy } from '../../../../shared/points/policy';

describe('expiryFor: earned in Shanghai year Y → unusable from 1 Jan Y+2 00:00 Shanghai', () => {
  test.each([
    ['2026-01-01T00:00:00+08:00', '2027-12-31T16:00:00.000Z', '2027-12-31'],
    ['2026-11-23T10:00:00+08:00', '2027-12-31T16:00:00.000Z', '2027-12-31'],
    ['2026-12-31T15:59:59.999Z', '2027-12-31T16:00:00.000Z', '2027-12-31'], // 23:59 on 31 Dec 2026 Shanghai
    ['2026-12-31T16:00:00.000Z', '2028-12-31T16:00:00.000Z', '2028-12-31'], // already 2027 in Shanghai
    ['2028-02-29T12:00:00+08:00', '2029-12-31T16:00:00.000Z', '2029-12-31'],
  ])('earned %s → expires %s (last usable day %s)', (earnedAt, expiresAt, lastDay) => {
    const expiry = expiryFor(defaultPolicy, earnedAt);
    expect(expiry.toISOString()).toBe(expiresAt);
    expect(lastUsableDay(expiry)).toBe(lastDay);
  });

  test.each([
    ['2027-12-31T15:59:59.999Z', false], // 23:59:59.999 on 31 Dec 2027 Shanghai: still usable
    ['2027-12-31T16:00:00.000Z', true],
    ['2028-06-01T00:00:00Z', true],
  ])('points earned in 2026, at %s expired=%p', (at, expired) => {
    expect(isExpired(expiryFor(defaultPolicy, '2026-05-01T00:00:00Z'), at)).toBe(expired);
  });
});

describe('allocateSoonestExpiringFirst', () => {
  const y2027 = new Date('2027-12-31T16:00:00.000Z');
  const y2028 = new Date('2028-12-31T16:00:00.000Z');
  const lots: PointsLot[] = [
    { lotId: 'c', remainingPoints: 100, expiresAt: y2028 },
    { lotId: 'b', remainingPoints: 30, expiresAt: y2027 },
    { lotId: 'a', remainingPoints: 20, expiresAt: y2027 },
    { lotId: 'z', remainingPoints: 0, expiresAt: y2027 },
  ];

  test.each<[number, string]>([
    [10, 'allocated a:10'],
    [20, 'allocated a:20'],
    [21, 'allocated a:20 b:1'],
    [50, 'allocated a:20 b:30'],
    [51, 'allocated a:20 b:30 c:1'],
    [150, 'allocated a:20 b:30 c:100'],
    [151, 'insufficient_points shortfall:1'],
    [1000, 'insufficient_points shortfall:850'],
  ])('%i points → %s', (points, expected) => {
    const result = allocateSoonestExpiringFirst(lots, points);
    const text =
      result.result === 'allocated'
        ? `allocated ${result.allocations.map((a) => `${a.lotId}:${a.points}`).join(' ')}`
        : `insufficient_points shortfall:${result.shortfallPoints}`;
    expect(text).toBe(expected);
  });

  test('order does not depend on input order', () => {
    const reversed = [...lots].reverse();
    expect(allocateSoonestExpiringFirst(reversed, 60)).toEqual(allocateSoonestExpiringFirst(lots, 60));
  });

  test('lotId tie-break is plain string order, not locale order', () => {
    const result = allocateSoonestExpiringFirst(
      [
        { lotId: 'a', remainingPoints: 5, expiresAt: y2027 },
        { lotId: 'B', remainingPoints: 5, expiresAt: y2027 },
      ],
      5,
    );
    expect(result).toEqual({ result: 'allocated', allocations: [{ lotId: 'B', points: 5 }] });
  });

  test('no lots → insufficient', () => {
    expect(allocateSoonestExpiringFirst([], 1)).toEqual({ result: 'insufficient_points', shortfallPoints: 1 });
  });

  test.each([[0], [-5], [2.5]])('rejects %p points', (points) => {
    expect(() => allocateSoonestExpiringFirst(lots, points)).toThrow(RangeError);
  });

  test('rejects duplicate lots and bad remaining points', () => {
    expect(() => allocateSoonestExpiringFirst([lots[0]!, lots[0]!], 1)).toThrow(RangeError);
    expect(() => allocateSoonestExpiringFirst([{ lotId: 'x', remainingPoints: -1, expiresAt: y2027 }], 1)).toThrow(RangeError);
  });
});
