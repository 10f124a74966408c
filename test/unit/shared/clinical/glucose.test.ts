import {
  gradeGlucose,
  gradeHba1c,
  hypoglycaemiaLevel,
  isGlucoseAtTarget,
  isHba1cAtTarget,
  type GlucoseGrade,
  type GlucoseTiming,
  type HypoglycaemiaLevel,
} from '../../../../shared/clinical';

describe('gradeGlucose (DM25, G25)', () => {
  test.each<[GlucoseTiming, number, GlucoseGrade]>([
    ['fasting', 3.5, 'normal'],
    ['fasting', 6.0, 'normal'],
    ['fasting', 6.1, 'impaired'],
    ['fasting', 6.9, 'impaired'],
    ['fasting', 6.99, 'impaired'],
    ['fasting', 7.0, 'diabeticRange'],
    ['fasting', 7, 'diabeticRange'],
    ['fasting', 0.1 * 70, 'diabeticRange'], // 7.000000000000001 in binary: still exactly 7.0
    ['postprandial2h', 7.7, 'normal'],
    ['postprandial2h', 7.8, 'impaired'],
    ['postprandial2h', 11.0, 'impaired'],
    ['postprandial2h', 11.1, 'diabeticRange'],
    ['random', 7.8, 'normal'],
    ['random', 11.0, 'normal'],
    ['random', 11.1, 'diabeticRange'],
    ['random', 25.0, 'diabeticRange'],
  ])('%s %f → %s', (timing, glucoseMmolL, grade) => {
    expect(gradeGlucose({ timing, glucoseMmolL })).toBe(grade);
  });
});

describe('hypoglycaemiaLevel', () => {
  test.each<[number, HypoglycaemiaLevel]>([
    [2.2, 'level2'],
    [2.9, 'level2'],
    [3.0, 'level1'],
    [3.8, 'level1'],
    [3.9, 'none'],
    [5.0, 'none'],
  ])('%f → %s', (glucoseMmolL, level) => {
    expect(hypoglycaemiaLevel(glucoseMmolL)).toBe(level);
  });
});

describe('isGlucoseAtTarget (T2DM20 FPG 4.4–<7.0, the upper end exclusive like the spec’s 控制满意 <7.0; non-fasting <10.0)', () => {
  test.each<[GlucoseTiming, number, boolean]>([
    ['fasting', 4.3, false],
    ['fasting', 4.4, true],
    ['fasting', 6.1, true],
    ['fasting', 6.9, true],
    ['fasting', 7.0, false], // the diagnostic threshold (G25 §5.5.3) is never at target; WYJK: 控制满意 <7.0
    ['fasting', 7.1, false],
    ['postprandial2h', 3.8, false], // hypoglycaemic is never at target
    ['postprandial2h', 3.9, true],
    ['postprandial2h', 9.9, true],
    ['postprandial2h', 10.0, false],
    ['random', 9.9, true],
    ['random', 10.0, false],
  ])('%s %f → %s', (timing, glucoseMmolL, expected) => {
    expect(isGlucoseAtTarget({ timing, glucoseMmolL })).toBe(expected);
  });

  test('a custom target replaces the default', () => {
    const looser = { fastingMinMmolL: 4.4, fastingBelowMmolL: 8.0, nonFastingBelowMmolL: 11.1 };
    expect(isGlucoseAtTarget({ timing: 'fasting', glucoseMmolL: 7.8 }, looser)).toBe(true);
    expect(isGlucoseAtTarget({ timing: 'random', glucoseMmolL: 10.5 }, looser)).toBe(true);
  });
});

describe('HbA1c: grading (≥6.5% diagnostic, G25 §5.5.3 / DM25) and target (<7.0%, T2DM20)', () => {
  test.each<[number, 'normal' | 'diabeticRange', boolean]>([
    [5.6, 'normal', true],
    [6.4, 'normal', true],
    [6.5, 'diabeticRange', true],
    [6.9, 'diabeticRange', true],
    [7.0, 'diabeticRange', false],
    [8.2, 'diabeticRange', false],
  ])('%f%% → %s, at target %s', (hba1cPercent, grade, atTarget) => {
    expect(gradeHba1c(hba1cPercent)).toBe(grade);
    expect(isHba1cAtTarget(hba1cPercent)).toBe(atTarget);
  });
});
