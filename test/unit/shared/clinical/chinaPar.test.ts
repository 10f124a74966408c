import {
  assessCardiovascularRisk,
  chinaPar10YearRisk,
  chinaParCategory,
  chinaParSum,
  CHOLESTEROL_MMOL_L_PER_MG_DL,
  lifetimeRiskCheck,
  type LifetimeRiskInput,
  type ChinaParInput,
} from '../../../../shared/clinical';

/**
 * China-PAR (Yang X et al., Circulation 2016;134:1430–1440). The paper's own published values are the
 * oracle (research.md §1 "Test vectors"): Table 2's profile — untreated SBP 130, TC 210 mg/dL, HDL-C
 * 55 mg/dL, waist 80 cm, non-smoker, diabetic, urban, northern, no family history — and the worked
 * example's individual sums at age 60 (Supplemental Table 1: men 142.04, women 119.22).
 */
const mgDl = (value: number) => value * CHOLESTEROL_MMOL_L_PER_MG_DL;
const table2Profile = (sex: ChinaParInput['sex'], ageYears: number): ChinaParInput => ({
  sex,
  ageYears,
  systolicMmHg: 130,
  onAntihypertensiveTreatment: false,
  totalCholesterolMmolL: mgDl(210),
  hdlCholesterolMmolL: mgDl(55),
  waistCm: 80,
  currentSmoker: false,
  diabetes: true,
  urban: true,
  northernChina: true,
  familyHistoryOfAscvd: false,
});

describe('chinaPar10YearRisk reproduces the paper’s Table 2 within 0.2 percentage points', () => {
  test.each<[ChinaParInput['sex'], number, number]>([
    ['male', 40, 2.2],
    ['male', 50, 5.4],
    ['male', 60, 11.0],
    ['male', 70, 19.6],
    ['female', 40, 2.4],
    ['female', 50, 5.4],
    ['female', 60, 10.1],
    ['female', 70, 17.1],
  ])('%s aged %i → %f %% (Table 2)', (sex, ageYears, published) => {
    const { riskPercent } = chinaPar10YearRisk(table2Profile(sex, ageYears));
    expect(Math.abs(riskPercent - published)).toBeLessThanOrEqual(0.2);
  });

  test.each<[ChinaParInput['sex'], number]>([
    ['male', 142.04],
    ['female', 119.22],
  ])('the worked example’s individual sum at 60, %s: %f (Supplemental Table 1)', (sex, publishedSum) => {
    expect(Math.abs(chinaParSum(table2Profile(sex, 60)) - publishedSum)).toBeLessThanOrEqual(0.02);
  });

  test('categories of the published values: men 40 low, 50 medium, 60 and 70 high', () => {
    expect([40, 50, 60, 70].map((age) => chinaPar10YearRisk(table2Profile('male', age)).category)).toEqual(['low', 'medium', 'high', 'high']);
  });
});

describe('chinaParCategory (2019 guideline: <5 % low, 5–9.9 % medium, ≥10 % high)', () => {
  test.each<[number, string]>([
    [0.5, 'low'],
    [4.9, 'low'],
    [5.0, 'medium'],
    [9.9, 'medium'],
    [10.0, 'high'],
    [31.1, 'high'],
  ])('%f %% → %s', (percent, category) => {
    expect(chinaParCategory(percent)).toBe(category);
  });
});

describe('chinaPar10YearRisk: each input moves the risk the way the equations say', () => {
  const man60 = table2Profile('male', 60);
  test.each<[string, ChinaParInput, number]>([
    // Reference values computed with the same constants (the inputs differ from Table 2 in one field).
    ['treated SBP has its own, larger terms', { ...man60, onAntihypertensiveTreatment: true }, 14.3],
    ['rural and southern', { ...man60, urban: false, northernChina: false }, 8.1],
    ['family history (men only) at 50, no diabetes', { ...man60, ageYears: 50, diabetes: false, familyHistoryOfAscvd: true }, 4.8],
    ['the same without family history', { ...man60, ageYears: 50, diabetes: false }, 3.8],
    ['SBP 230 is clamped to the calculator’s 200', { ...man60, systolicMmHg: 230 }, 31.1],
    ['SBP 200', { ...man60, systolicMmHg: 200 }, 31.1],
  ])('%s', (_case, input, expected) => {
    expect(chinaPar10YearRisk(input).riskPercent).toBe(expected);
  });

  test('women have no urban or family-history term', () => {
    const woman = table2Profile('female', 60);
    expect(chinaPar10YearRisk({ ...woman, urban: false, familyHistoryOfAscvd: true })).toEqual(chinaPar10YearRisk(woman));
  });
});

describe('assessCardiovascularRisk: ideal risk (the official calculator’s ideal profile) and the most helpful change', () => {
  const smoker55: ChinaParInput = {
    sex: 'male',
    ageYears: 55,
    systolicMmHg: 150,
    onAntihypertensiveTreatment: false,
    totalCholesterolMmolL: 6.2,
    hdlCholesterolMmolL: 0.9,
    waistCm: 95,
    currentSmoker: true,
    diabetes: false,
    urban: true,
    northernChina: true,
    familyHistoryOfAscvd: false,
  };

  test('a 55-year-old smoker with 150 mmHg: 13.5 % now, 4.8 % ideal; lowering SBP to 120 helps most', () => {
    const assessment = assessCardiovascularRisk(smoker55, { diastolicMmHg: 95, bmi: 27 });
    expect(assessment.tenYear).toEqual({ riskPercent: 13.5, category: 'high' });
    expect(assessment.ideal).toEqual({ riskPercent: 4.8, category: 'low' });
    expect(assessment.changes).toEqual([
      { change: 'lowerSystolicTo120', riskPercent: 6.9, reductionPercentPoints: 6.6 },
      { change: 'quitSmoking', riskPercent: 11.2, reductionPercentPoints: 2.3 },
      { change: 'lowerCholesterol', riskPercent: 12.1, reductionPercentPoints: 1.4 },
      { change: 'raiseHdl', riskPercent: 12.3, reductionPercentPoints: 1.2 },
      // A smaller waist is not offered to this man: the printed men's waist term is negative.
    ]);
    expect(assessment.lifetime).toEqual({ applies: false }); // high 10-year risk: no lifetime check needed
  });

  test('a treated diabetic woman with family history: ideal drops diabetes and family history as the calculator does', () => {
    const woman: ChinaParInput = { ...smoker55, sex: 'female', ageYears: 62, systolicMmHg: 146, onAntihypertensiveTreatment: true, totalCholesterolMmolL: 5.8, hdlCholesterolMmolL: 1.2, waistCm: 92, currentSmoker: false, diabetes: true, urban: false, northernChina: false, familyHistoryOfAscvd: true };
    const assessment = assessCardiovascularRisk(woman);
    expect(assessment.tenYear.riskPercent).toBe(12.2);
    expect(assessment.ideal.riskPercent).toBe(3.9);
    expect(assessment.changes.map((c) => [c.change, c.riskPercent])).toEqual([
      ['lowerSystolicTo120', 8.4],
      ['reduceWaist', 11.0],
    ]);
  });
});

describe('lifetime risk, ages 20–59 at low or medium 10-year risk (2019 guideline; factors of LIP23’s 余生危险)', () => {
  const low = { riskPercent: 3, category: 'low' as const };
  test.each<[string, number, LifetimeRiskInput, ReturnType<typeof lifetimeRiskCheck>]>([
    ['two factors at 45 → high', 45, { systolicMmHg: 162, currentSmoker: true }, { applies: true, high: true, factors: ['bpAtLeast160Or100', 'smoking'] }],
    ['one factor → not high', 45, { diastolicMmHg: 100 }, { applies: true, high: false, factors: ['bpAtLeast160Or100'] }],
    ['non-HDL 5.2 and HDL 0.99 → high', 30, { totalCholesterolMmolL: 6.19, hdlCholesterolMmolL: 0.99 }, { applies: true, high: true, factors: ['nonHdlAtLeast5_2', 'hdlBelow1_0'] }],
    ['BMI 28 and non-HDL 5.19 → not high', 30, { bmi: 28, totalCholesterolMmolL: 6.19, hdlCholesterolMmolL: 1.0 }, { applies: true, high: false, factors: ['bmiAtLeast28'] }],
    ['age 60 → not assessed', 60, { systolicMmHg: 170, currentSmoker: true }, { applies: false }],
    ['age 19 → not assessed', 19, { systolicMmHg: 170, currentSmoker: true }, { applies: false }],
  ])('%s', (_case, ageYears, input, expected) => {
    expect(lifetimeRiskCheck(ageYears, low, input)).toEqual(expected);
  });
});
