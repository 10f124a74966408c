/**
 * Clinical values carry at most two decimals (glucose 5.6, LDL-C 2.58). Comparing or adding them as
 * binary floats can land a hair off a cut-off (2.6 + 0.8 = 3.4000000000000004), so boundaries are
 * compared, and sums formed, in whole hundredths.
 */

export function toHundredths(value: number): number {
  return Math.round(value * 100);
}

export function fromHundredths(hundredths: number): number {
  return hundredths / 100;
}

export function isAtLeast(value: number, threshold: number): boolean {
  return toHundredths(value) >= toHundredths(threshold);
}

export function isBelow(value: number, threshold: number): boolean {
  return toHundredths(value) < toHundredths(threshold);
}

export function isAbove(value: number, threshold: number): boolean {
  return toHundredths(value) > toHundredths(threshold);
}

export function isAtMost(value: number, threshold: number): boolean {
  return toHundredths(value) <= toHundredths(threshold);
}

/** Exact decimal a + b for two-decimal values. */
export function addDecimals(a: number, b: number): number {
  return fromHundredths(toHundredths(a) + toHundredths(b));
}

/** Exact decimal a − b for two-decimal values. */
export function subtractDecimals(a: number, b: number): number {
  return fromHundredths(toHundredths(a) - toHundredths(b));
}

/**
 * numerator / denominator rounded half up, for non-negative integers, without a float midpoint:
 * floor((2n + d) / 2d).
 */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/**
 * Picks the first band whose exclusive upper bound the value is below; the last band must be
 * open-ended (below: Infinity). A non-finite value is a caller bug (plausibility runs first).
 */
export type Band<Grade extends string> = { grade: Grade; below: number };

export function gradeByBands<Grade extends string>(value: number, bands: readonly Band<Grade>[]): Grade {
  assertFinite(value);
  for (const band of bands) {
    if (isBelow(value, band.below)) return band.grade;
  }
  throw new RangeError(`no band contains ${value}; the last band must be open-ended`);
}

export function assertFinite(value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`expected a finite number, got ${value}`);
}
