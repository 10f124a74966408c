import { isBpControlledBySpec, isFastingGlucoseControlledBySpec, specBpLimit } from '../../../../shared/clinical';

/**
 * The spec's 控制满意 (国家基本公共卫生服务规范 第三版): SBP <140 and DBP <90, <150/90 from age 65
 * (SPEC-HTN [S]; the footnote's elderly limit [BK], docs/clinical-rules.md §5.6); FPG <7.0 (WYJK [S2]).
 */
describe('isBpControlledBySpec (SPEC-HTN; docs/clinical-rules.md §5.4, §5.6)', () => {
  test.each<[number, number, number, boolean]>([
    [139, 89, 64, true],
    [140, 89, 64, false],
    [139, 90, 64, false],
    [150, 95, 64, false], // the uncontrolled 150/95
    [149, 89, 65, true],
    [150, 89, 65, false],
    [149, 90, 65, false],
    [145, 85, 85, true],
  ])('%i/%i at age %i → %s', (systolicMmHg, diastolicMmHg, ageYears, expected) => {
    expect(isBpControlledBySpec({ systolicMmHg, diastolicMmHg }, ageYears)).toBe(expected);
  });

  test('the limit in force by age', () => {
    expect(specBpLimit(64)).toEqual({ systolicBelowMmHg: 140, diastolicBelowMmHg: 90 });
    expect(specBpLimit(65)).toEqual({ systolicBelowMmHg: 150, diastolicBelowMmHg: 90 });
  });
});

describe('isFastingGlucoseControlledBySpec (WYJK: FPG <7.0)', () => {
  test.each<[number, boolean]>([
    [6.9, true],
    [6.99, true],
    [7.0, false],
    [7.1, false],
  ])('%f → %s', (fpg, expected) => {
    expect(isFastingGlucoseControlledBySpec(fpg)).toBe(expected);
  });
});
