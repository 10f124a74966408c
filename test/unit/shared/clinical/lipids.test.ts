import {
  gradeLipid,
  isLdlAtTarget,
  isNonHdlAtTarget,
  nonHdlCholesterol,
  resolveLipidTarget,
  type AscvdRiskLevel,
  type LipidAnalyte,
  type LipidGrade,
} from '../../../../shared/clinical';

describe('gradeLipid (LIP23 table 2)', () => {
  test.each<[LipidAnalyte, number, LipidGrade]>([
    ['totalCholesterolMmolL', 5.19, 'acceptable'],
    ['totalCholesterolMmolL', 5.2, 'borderlineHigh'],
    ['totalCholesterolMmolL', 6.1, 'borderlineHigh'],
    ['totalCholesterolMmolL', 6.2, 'high'],
    ['ldlCholesterolMmolL', 2.5, 'ideal'],
    ['ldlCholesterolMmolL', 2.59, 'ideal'],
    ['ldlCholesterolMmolL', 2.6, 'acceptable'],
    ['ldlCholesterolMmolL', 3.3, 'acceptable'],
    ['ldlCholesterolMmolL', 3.4, 'borderlineHigh'],
    ['ldlCholesterolMmolL', 4.0, 'borderlineHigh'],
    ['ldlCholesterolMmolL', 4.1, 'high'],
    ['hdlCholesterolMmolL', 0.99, 'low'],
    ['hdlCholesterolMmolL', 1.0, 'acceptable'],
    ['triglyceridesMmolL', 1.69, 'acceptable'],
    ['triglyceridesMmolL', 1.7, 'borderlineHigh'],
    ['triglyceridesMmolL', 2.29, 'borderlineHigh'],
    ['triglyceridesMmolL', 2.3, 'high'],
    ['nonHdlCholesterolMmolL', 3.39, 'ideal'],
    ['nonHdlCholesterolMmolL', 3.4, 'acceptable'],
    ['nonHdlCholesterolMmolL', 4.0, 'acceptable'],
    ['nonHdlCholesterolMmolL', 4.1, 'borderlineHigh'],
    ['nonHdlCholesterolMmolL', 4.8, 'borderlineHigh'],
    ['nonHdlCholesterolMmolL', 4.9, 'high'],
    ['nonHdlCholesterolMmolL', 2.6 + 0.8, 'acceptable'], // 3.4000000000000004 is still 3.4
    ['lipoproteinAMgL', 299, 'acceptable'],
    ['lipoproteinAMgL', 300, 'high'],
  ])('%s %f → %s', (analyte, value, grade) => {
    expect(gradeLipid(analyte, value)).toBe(grade);
  });
});

describe('nonHdlCholesterol = TC − HDL-C, exact to the hundredth', () => {
  test.each([
    [5.2, 1.1, 4.1],
    [4.5, 1.23, 3.27],
    [6.0, 1.1, 4.9],
  ])('%f − %f = %f', (tc, hdl, nonHdl) => {
    expect(nonHdlCholesterol(tc, hdl)).toBe(nonHdl);
  });

  test('the exact difference grades on the right side of 4.9', () => {
    expect(gradeLipid('nonHdlCholesterolMmolL', nonHdlCholesterol(6.0, 1.1))).toBe('high');
  });
});

describe('resolveLipidTarget (LIP23 table 6; non-HDL = LDL + 0.8)', () => {
  test.each<[AscvdRiskLevel, number, number, boolean]>([
    ['low', 3.4, 4.2, false],
    ['medium', 2.6, 3.4, false],
    ['high', 2.6, 3.4, false],
    ['veryHigh', 1.8, 2.6, true],
    ['ultraHigh', 1.4, 2.2, true],
  ])('%s → LDL <%f, non-HDL <%f', (risk, ldlBelowMmolL, nonHdlBelowMmolL, requiresHalvingFromBaseline) => {
    // toBe, not toBeCloseTo: the sum must be the exact decimal.
    expect(resolveLipidTarget(risk)).toEqual({ ldlBelowMmolL, nonHdlBelowMmolL, requiresHalvingFromBaseline });
  });
});

describe('isLdlAtTarget', () => {
  test.each<[string, AscvdRiskLevel, number, number | undefined, boolean]>([
    ['low risk just below 3.4', 'low', 3.39, undefined, true],
    ['low risk at 3.4', 'low', 3.4, undefined, false],
    ['high risk at 2.59', 'high', 2.59, undefined, true],
    ['high risk at 2.6', 'high', 2.6, undefined, false],
    ['very high below 1.8, halved exactly', 'veryHigh', 1.7, 3.4, true],
    ['very high below 1.8, not halved', 'veryHigh', 1.7, 3.3, false],
    ['very high at 1.8', 'veryHigh', 1.8, 4.0, false],
    ['very high without baseline judged on the goal', 'veryHigh', 1.7, undefined, true],
    ['ultra high at 1.39, halved', 'ultraHigh', 1.39, 3.0, true],
    ['ultra high at 1.4', 'ultraHigh', 1.4, 3.0, false],
  ])('%s', (_case, risk, ldlCholesterolMmolL, baselineLdlCholesterolMmolL, expected) => {
    const input = baselineLdlCholesterolMmolL === undefined ? { ldlCholesterolMmolL } : { ldlCholesterolMmolL, baselineLdlCholesterolMmolL };
    expect(isLdlAtTarget(input, resolveLipidTarget(risk))).toBe(expected);
  });
});

describe('isNonHdlAtTarget', () => {
  test.each<[AscvdRiskLevel, number, boolean]>([
    ['medium', 3.39, true],
    ['medium', 3.4, false],
    ['ultraHigh', 2.19, true],
    ['ultraHigh', 2.2, false],
  ])('%s %f → %s', (risk, value, expected) => {
    expect(isNonHdlAtTarget(value, resolveLipidTarget(risk))).toBe(expected);
  });
});
