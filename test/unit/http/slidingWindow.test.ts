import { secondsUntilAdmitted, withinLimit } from '../../../server/http/rateLimit';

/** The sliding-window estimate: previous × (1 − elapsed/W) + current ≤ limit, and when the next hit fits. */
const W = 60_000;

describe('sliding window estimate', () => {
  test.each([
    // previous, current, elapsed ms, limit, within
    [0, 5, 59_000, 5, true],
    [0, 6, 0, 5, false],
    [5, 1, 0, 5, false], // the whole previous window still counts at the boundary
    [5, 1, 12_000, 5, true], // 5 × 48/60 + 1 = 5
    [5, 1, 11_999, 5, false],
    [10, 0, 30_000, 5, true], // 10 × 1/2 = 5
  ])('previous %i, current %i, %i ms into the window, limit %i → %s', (previousHits, currentHits, elapsedMs, limit, within) => {
    expect(withinLimit({ previousHits, currentHits, elapsedMs, limit, windowMs: W })).toBe(within);
  });

  test.each([
    // previous, current (after the refused hit was taken back), elapsed ms, limit, seconds
    [5, 0, 5_000, 5, 7], // room for one when 5 × (W − e) ≤ 4 W: e = 12 s
    [0, 5, 10_000, 5, 62], // this window is full: 50 s to its end, then 5 × (W − g) ≤ 4 W: g = 12 s
    [0, 3, 0, 3, 80], // binding-lock shape: 3 per window, full at its start
    [5, 0, 59_999, 5, 1], // at least one second
  ])('previous %i, current %i, %i ms in, limit %i → Retry-After %i s', (previousHits, currentHits, elapsedMs, limit, seconds) => {
    expect(secondsUntilAdmitted({ previousHits, currentHits, elapsedMs, limit, windowMs: W })).toBe(seconds);
  });

  test('after Retry-After seconds the next hit is within the limit; a second earlier it is not', () => {
    for (const [previousHits, currentHits, elapsedMs] of [
      [7, 2, 13_000],
      [3, 5, 40_000],
      [9, 0, 1_000],
    ] as const) {
      const limit = 5;
      const wait = secondsUntilAdmitted({ previousHits, currentHits, elapsedMs, limit, windowMs: W }) * 1000;
      const at = (ms: number) => {
        const t = elapsedMs + ms;
        return t < W
          ? withinLimit({ previousHits, currentHits: currentHits + 1, elapsedMs: t, limit, windowMs: W })
          : withinLimit({ previousHits: currentHits, currentHits: 1, elapsedMs: t - W, limit, windowMs: W });
      };
      expect(at(wait)).toBe(true);
      if (wait > 1000) expect(at(wait - 1000)).toBe(false);
    }
  });
});
