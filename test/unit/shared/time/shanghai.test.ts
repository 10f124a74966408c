import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import {
  addCalendarDays,
  addCalendarMonths,
  addShanghaiMonths,
  ageInYearsOn,
  calendarDaysBetween,
  isCalendarDay,
  isWithin,
  monthPeriodOfKey,
  periodOf,
  shanghaiDate,
  shanghaiMonthKey,
  shanghaiQuarterKey,
  startOfShanghaiDay,
  startOfShanghaiMonth,
  startOfShanghaiQuarter,
  startOfShanghaiYear,
  toInstant,
  type PeriodUnit,
} from '../../../../shared/time/shanghai';

dayjs.extend(utc);
dayjs.extend(timezone);

describe('shanghaiDate and keys', () => {
  test.each([
    // instant → Shanghai date, month key, quarter key
    ['2026-03-31T15:59:59.999Z', '2026-03-31', '2026-03', '2026-Q1'],
    ['2026-03-31T16:00:00.000Z', '2026-04-01', '2026-04', '2026-Q2'],
    ['2026-03-31T16:30:00Z', '2026-04-01', '2026-04', '2026-Q2'],
    ['2026-12-31T16:00:00Z', '2027-01-01', '2027-01', '2027-Q1'],
    ['2026-12-31T15:59:59Z', '2026-12-31', '2026-12', '2026-Q4'],
    ['2028-02-28T16:00:00Z', '2028-02-29', '2028-02', '2028-Q1'],
    ['2026-11-15T08:00:00+08:00', '2026-11-15', '2026-11', '2026-Q4'],
    ['2026-07-01', '2026-07-01', '2026-07', '2026-Q3'], // a date-only string is a Shanghai day
  ])('%s → %s %s %s', (instant, date, month, quarter) => {
    expect(shanghaiDate(instant)).toBe(date);
    expect(shanghaiMonthKey(instant)).toBe(month);
    expect(shanghaiQuarterKey(instant)).toBe(quarter);
  });

  test('agrees with dayjs/tz across a span of instants', () => {
    const start = Date.UTC(2025, 11, 25, 3, 17);
    for (let i = 0; i < 800; i += 1) {
      const t = new Date(start + i * 11 * 60 * 60 * 1000 + i * 7919);
      expect(shanghaiDate(t)).toBe(dayjs(t).tz('Asia/Shanghai').format('YYYY-MM-DD'));
      expect(startOfShanghaiMonth(t).toISOString()).toBe(dayjs(t).tz('Asia/Shanghai').startOf('month').toDate().toISOString());
    }
  });

  test.each([['not a date'], ['2026-02-30'], ['2026-13-01']])('rejects %s', (value) => {
    expect(() => toInstant(value)).toThrow(RangeError);
  });

  test('isCalendarDay', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2027-02-29')).toBe(false);
    expect(isCalendarDay('2027-2-1')).toBe(false);
  });
});

describe('start of Shanghai periods', () => {
  test.each([
    // instant, day, month, quarter, year (all UTC instants)
    [
      '2026-03-31T16:30:00Z',
      '2026-03-31T16:00:00.000Z',
      '2026-03-31T16:00:00.000Z',
      '2026-03-31T16:00:00.000Z',
      '2025-12-31T16:00:00.000Z',
    ],
    [
      '2026-11-23T03:00:00Z',
      '2026-11-22T16:00:00.000Z',
      '2026-10-31T16:00:00.000Z',
      '2026-09-30T16:00:00.000Z',
      '2025-12-31T16:00:00.000Z',
    ],
    [
      '2026-12-31T16:00:00Z',
      '2026-12-31T16:00:00.000Z',
      '2026-12-31T16:00:00.000Z',
      '2026-12-31T16:00:00.000Z',
      '2026-12-31T16:00:00.000Z',
    ],
  ])('%s', (instant, day, month, quarter, year) => {
    expect(startOfShanghaiDay(instant).toISOString()).toBe(day);
    expect(startOfShanghaiMonth(instant).toISOString()).toBe(month);
    expect(startOfShanghaiQuarter(instant).toISOString()).toBe(quarter);
    expect(startOfShanghaiYear(instant).toISOString()).toBe(year);
  });
});

describe('addCalendarMonths clamps to month end', () => {
  test.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2028-02-29', 48, '2032-02-29'],
    ['2028-02-29', 36, '2031-02-28'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-01-15', -1, '2025-12-15'],
    ['2026-08-31', 1, '2026-09-30'],
    ['2026-05-10', 0, '2026-05-10'],
  ])('%s + %i months → %s', (day, n, expected) => {
    expect(addCalendarMonths(day, n)).toBe(expected);
  });

  test('addShanghaiMonths keeps the Shanghai wall-clock time', () => {
    // 2026-01-31 10:00 Shanghai + 1 month → 2026-02-28 10:00 Shanghai
    expect(addShanghaiMonths('2026-01-31T02:00:00Z', 1).toISOString()).toBe('2026-02-28T02:00:00.000Z');
    // 2026-01-31T16:30Z is 2026-02-01 00:30 Shanghai → 2026-03-01 00:30 Shanghai
    expect(addShanghaiMonths(new Date('2026-01-31T16:30:00Z'), 1).toISOString()).toBe('2026-02-28T16:30:00.000Z');
  });

  test('rejects a fractional month count', () => {
    expect(() => addCalendarMonths('2026-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('day arithmetic and age', () => {
  test.each([
    ['2026-12-25', 14, '2027-01-08'],
    ['2028-02-20', 9, '2028-02-29'],
    ['2027-02-20', 9, '2027-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
  ])('%s + %i days → %s', (day, n, expected) => {
    expect(addCalendarDays(day, n)).toBe(expected);
  });

  test.each([
    ['2026-11-01', '2026-11-30', 29],
    ['2026-11-30', '2026-11-01', -29],
    ['2028-02-01', '2028-03-01', 29],
  ])('days %s → %s = %i', (a, b, n) => {
    expect(calendarDaysBetween(a, b)).toBe(n);
  });

  test.each([
    ['1961-11-23', '2026-11-23', 65],
    ['1961-11-24', '2026-11-23', 64],
    ['1960-02-29', '2027-02-28', 66],
    ['1960-02-29', '2027-03-01', 67],
  ])('born %s, on %s → %i', (birth, on, age) => {
    expect(ageInYearsOn(birth, on)).toBe(age);
  });
});

describe('periodOf', () => {
  test.each<[string, PeriodUnit, string, string, string]>([
    ['2026-11-23T03:00:00Z', 'month', '2026-11', '2026-10-31T16:00:00.000Z', '2026-11-30T16:00:00.000Z'],
    ['2026-12-31T17:00:00Z', 'month', '2027-01', '2026-12-31T16:00:00.000Z', '2027-01-31T16:00:00.000Z'],
    ['2026-12-01T00:00:00Z', 'month', '2026-12', '2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    ['2028-02-10T00:00:00Z', 'month', '2028-02', '2028-01-31T16:00:00.000Z', '2028-02-29T16:00:00.000Z'],
    ['2026-11-23T03:00:00Z', 'quarter', '2026-Q4', '2026-09-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    ['2026-03-31T16:30:00Z', 'quarter', '2026-Q2', '2026-03-31T16:00:00.000Z', '2026-06-30T16:00:00.000Z'],
    ['2026-11-23T03:00:00Z', 'year', '2026', '2025-12-31T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    ['2026-03-31T16:30:00Z', 'day', '2026-04-01', '2026-03-31T16:00:00.000Z', '2026-04-01T16:00:00.000Z'],
  ])('%s %s → %s [%s, %s)', (instant, unit, key, startsAt, endsAt) => {
    const period = periodOf(instant, unit);
    expect(period.key).toBe(key);
    expect(period.startsAt.toISOString()).toBe(startsAt);
    expect(period.endsAt.toISOString()).toBe(endsAt);
  });

  test('month periods are half-open', () => {
    const november = monthPeriodOfKey('2026-11');
    expect(isWithin(november, '2026-10-31T16:00:00.000Z')).toBe(true);
    expect(isWithin(november, '2026-11-30T15:59:59.999Z')).toBe(true);
    expect(isWithin(november, '2026-11-30T16:00:00.000Z')).toBe(false);
    expect(isWithin(november, '2026-10-31T15:59:59.999Z')).toBe(false);
  });

  test.each([['2026-13'], ['2026-1'], ['26-11']])('monthPeriodOfKey rejects %s', (key) => {
    expect(() => monthPeriodOfKey(key)).toThrow(RangeError);
  });
});
