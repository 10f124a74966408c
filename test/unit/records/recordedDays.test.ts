import { recordedDayOf, recordedDaysSince } from '../../../server/records/domainEvents';

/** The day buckets a domain-event feed visits: from the cursor's UTC day to the day after now. */
describe('recordedDaysSince', () => {
  test.each([
    ['2026-12-03T10:00:00Z', '2026-12-03T10:05:00Z', ['2026-12-03', '2026-12-04']],
    ['2026-12-02T23:58:00Z', '2026-12-03T00:01:00Z', ['2026-12-02', '2026-12-03', '2026-12-04']],
    ['2026-02-27T08:00:00Z', '2026-03-01T08:00:00Z', ['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']],
  ])('since %s, now %s', (since, now, days) => {
    expect(recordedDaysSince(new Date(since), new Date(now))).toEqual(days);
  });

  test('a feed with no cursor yet (since the epoch) reads without buckets', () => {
    expect(recordedDaysSince(new Date(-120_000), new Date('2026-12-03T10:00:00Z'))).toBeNull();
  });

  test("an event's day is its UTC day", () => {
    expect(recordedDayOf(new Date('2026-12-03T23:30:00+08:00'))).toBe('2026-12-03');
    expect(recordedDayOf(new Date('2026-12-04T07:59:59+08:00'))).toBe('2026-12-03');
  });
});
