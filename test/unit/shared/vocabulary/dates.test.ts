import { dayRangeText, dayText, instantDayText, instantText, timeText, weekdayText } from '../../../../shared/vocabulary';
import { dueKindLabels, dueStatusLabels, labelOf } from '../../../../shared/vocabulary';

/**
 * One way to write a date on every screen (issue 14: 10月5日 on one screen, 2026-10-05 on the
 * next): Asia/Shanghai, month and day in Chinese, the year only when it is not this year.
 */
describe('dates as the screens write them', () => {
  const today = '2026-12-03';

  test.each([
    ['2026-10-05', {}, '10月5日'],
    ['2026-10-05', { today }, '10月5日'],
    ['2027-01-01', { today }, '2027年1月1日'],
    ['2025-12-31', { today }, '2025年12月31日'],
    ['2026-12-04', { today, weekday: true }, '12月4日 周五'],
    ['2026-12-06', { weekday: true }, '12月6日 周日'],
    ['2026-03-05', { withYear: true }, '2026年3月5日'],
    ['2026-02-30', {}, ''],
    ['', {}, ''],
    [null, {}, ''],
  ] as const)('dayText(%s, %o) → %s', (day, options, expected) => {
    expect(dayText(day, options)).toBe(expected);
  });

  test.each([
    // 23:30 UTC on 4 Dec is 07:30 on 5 Dec in Shanghai, whatever the machine's time zone.
    ['2026-12-04T23:30:00Z', '12月5日 07:30'],
    ['2026-12-05T09:05:00+08:00', '12月5日 09:05'],
    ['2027-01-01T00:00:00+08:00', '2027年1月1日 00:00'],
    ['not a date', ''],
  ])('instantText(%s) → %s', (instant, expected) => {
    expect(instantText(instant, { today })).toBe(expected);
  });

  test('day, time and weekday of an instant, and ranges', () => {
    expect(instantDayText('2026-12-04T16:00:00Z', { today })).toBe('12月5日');
    expect(timeText(new Date('2026-12-04T16:05:00Z'))).toBe('00:05');
    expect(weekdayText('2026-12-03')).toBe('周四');
    expect(dayRangeText('2026-01-01', '2026-12-31', { today })).toBe('1月1日至12月31日');
    expect(dayRangeText('2026-07-01', '2027-06-30', { today })).toBe('2026年7月1日至2027年6月30日');
  });
});

describe('one word per thing', () => {
  test('the words issue 14 found written two ways', () => {
    expect(dueKindLabels.bpCheck).toBe('测量血压');
    expect(dueKindLabels.faceToFaceFollowUp).toBe('面对面随访');
    expect(dueStatusLabels.overdue).toBe('已超期');
  });

  test('an unknown code never reaches the screen', () => {
    expect(labelOf(dueStatusLabels, 'overdue')).toBe('已超期');
    expect(labelOf(dueStatusLabels, 'resident.records.read', '待办')).toBe('待办');
    expect(labelOf(dueStatusLabels, undefined)).toBe('');
  });
});
