import { formatFen } from '../../../miniapp/components/price/format';
import { formatPoints } from '../../../miniapp/components/points/format';

describe('formatFen (the one place money becomes text)', () => {
  test.each([
    [0, '¥0.00'],
    [1, '¥0.01'],
    [99, '¥0.99'],
    [100, '¥1.00'],
    [1234, '¥12.34'],
    [12345, '¥123.45'],
    [-250, '-¥2.50'],
    [-1, '-¥0.01'],
    [123456789, '¥1,234,567.89'],
    [Number.MAX_SAFE_INTEGER, '¥90,071,992,547,409.91'],
    [-Number.MAX_SAFE_INTEGER, '-¥90,071,992,547,409.91'],
  ])('%i fen → %s', (amountFen, expected) => {
    expect(formatFen(amountFen)).toBe(expected);
  });

  test('negative zero is shown as zero', () => {
    expect(formatFen(-0)).toBe('¥0.00');
  });

  test.each([12.34, 0.1, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])(
    'rejects %p: money must be integer fen',
    (amountFen) => {
      expect(() => formatFen(amountFen)).toThrow(TypeError);
    },
  );
});

describe('formatPoints', () => {
  test.each([
    [0, {}, '0'],
    [1200, {}, '1,200'],
    [-50, {}, '-50'],
    [50, { signed: true }, '+50'],
    [0, { signed: true }, '0'],
  ])('%i %j → %s', (points, options, expected) => {
    expect(formatPoints(points, options)).toBe(expected);
  });

  test('rejects fractional points', () => {
    expect(() => formatPoints(1.5)).toThrow(TypeError);
  });
});
