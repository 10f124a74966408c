import {
  classifyHcy,
  isHcyAtTarget,
  isHTypeHypertension,
  resolveHcyTarget,
  type HcySeverity,
} from '../../../../shared/clinical';

describe('classifyHcy', () => {
  // [hcy, ≥10, HHcy, severity]
  test.each<[number, boolean, boolean, HcySeverity]>([
    [5.0, false, false, 'none'],
    [9.9, false, false, 'none'],
    [10, true, false, 'none'],
    [14.9, true, false, 'none'],
    [15, true, true, 'mild'],
    [29.9, true, true, 'mild'],
    [30, true, true, 'mild'],
    [30.1, true, true, 'moderate'],
    [99.9, true, true, 'moderate'],
    [100, true, true, 'moderate'],
    [100.1, true, true, 'severe'],
    [250, true, true, 'severe'],
  ])('%f µmol/L', (hcy, atOrAboveHTypeThreshold, hyperhomocysteinaemia, severity) => {
    expect(classifyHcy(hcy)).toEqual({ atOrAboveHTypeThreshold, hyperhomocysteinaemia, severity });
  });
});

describe('isHTypeHypertension: hypertension and Hcy ≥10', () => {
  test.each<[boolean, number | null | undefined, boolean]>([
    [true, 9.9, false],
    [true, 10, true],
    [true, 18, true],
    [false, 18, false],
    [true, undefined, false],
    [true, null, false],
  ])('hypertension=%s, Hcy=%s → %s', (hasHypertension, latestHcyUmolL, expected) => {
    expect(isHTypeHypertension({ hasHypertension, latestHcyUmolL })).toBe(expected);
  });
});

describe('Hcy targets (<10 for H-type, <15 otherwise)', () => {
  test.each([
    [true, 9.9, true],
    [true, 10, false],
    [false, 14.9, true],
    [false, 15, false],
  ])('H-type=%s, Hcy=%f → %s', (isHType, hcy, expected) => {
    expect(isHcyAtTarget(hcy, resolveHcyTarget({ isHType }))).toBe(expected);
  });
});
