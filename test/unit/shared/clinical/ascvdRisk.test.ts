import { ckdStageFromEgfr, resolveLdlGoal, stratifyAscvdRisk, type AscvdStratificationInput } from '../../../../shared/clinical';

/**
 * Risk stratification and LDL-C goals: 中国血脂管理指南 2023 (LIP23: automatic high-risk criteria,
 * the risk-factor grid, table 6 goals, the ≥50 % reduction at very high risk), China-PAR categories
 * (2019 guideline), and for hypertensive residents G25 table 6. docs/clinical-rules.md §3.
 */
const base = (over: Partial<AscvdStratificationInput> = {}): AscvdStratificationInput => ({
  ageYears: 50,
  sex: 'female',
  hasHypertension: false,
  hasDiabetes: false,
  ckdStage: null,
  ldlCholesterolMmolL: null,
  totalCholesterolMmolL: null,
  hdlCholesterolMmolL: null,
  currentSmoker: false,
  chinaParRiskPercent: null,
  lifetime: {},
  recordedLevel: null,
  ...over,
});

describe('stratifyAscvdRisk', () => {
  test.each<[string, AscvdStratificationInput, string, string]>([
    ['no data at all → low, insufficient data', base(), 'low', 'insufficientData'],
    ['LDL-C 4.9 → high (LIP23)', base({ ldlCholesterolMmolL: 4.9 }), 'high', 'ldlAtLeast4_9OrTcAtLeast7_2'],
    ['LDL-C 4.89 → not automatically high', base({ ldlCholesterolMmolL: 4.89 }), 'low', 'riskFactorGrid'],
    ['TC 7.2 → high (LIP23)', base({ totalCholesterolMmolL: 7.2 }), 'high', 'ldlAtLeast4_9OrTcAtLeast7_2'],
    ['diabetes at 40 → high (LIP23)', base({ ageYears: 40, hasDiabetes: true }), 'high', 'diabetesAtLeast40'],
    ['diabetes at 39 → not automatically high', base({ ageYears: 39, hasDiabetes: true, ldlCholesterolMmolL: 3.0 }), 'low', 'riskFactorGrid'],
    ['CKD stage 3 → high (LIP23)', base({ ckdStage: 3 }), 'high', 'ckdStage3To4'],
    ['CKD stage 4 → high (LIP23)', base({ ckdStage: 4 }), 'high', 'ckdStage3To4'],
    ['CKD stage 2 → not automatically high', base({ ckdStage: 2 }), 'low', 'insufficientData'],
    ['China-PAR 4.9 % → low', base({ chinaParRiskPercent: 4.9 }), 'low', 'chinaPar'],
    ['China-PAR 5.0 % → medium', base({ chinaParRiskPercent: 5.0 }), 'medium', 'chinaPar'],
    ['China-PAR 10.0 % → high', base({ chinaParRiskPercent: 10.0 }), 'high', 'chinaPar'],
    ['China-PAR is preferred to the grid', base({ chinaParRiskPercent: 2.0, hasHypertension: true, currentSmoker: true, ageYears: 60, ldlCholesterolMmolL: 4.0 }), 'low', 'chinaPar'],
    // LIP23 grid, with hypertension: 2 risk factors (smoker, woman ≥55) and LDL-C 2.6–3.4 → high.
    ['grid: hypertension + 2 factors, LDL 3.0 → high', base({ hasHypertension: true, currentSmoker: true, ageYears: 56, ldlCholesterolMmolL: 3.0 }), 'high', 'riskFactorGrid'],
    ['grid: hypertension + 2 factors, LDL 2.0 → medium', base({ hasHypertension: true, currentSmoker: true, ageYears: 56, ldlCholesterolMmolL: 2.0 }), 'medium', 'riskFactorGrid'],
    ['grid: hypertension + 1 factor (man ≥45), TC 4.5 → medium', base({ sex: 'male', ageYears: 45, hasHypertension: true, totalCholesterolMmolL: 4.5 }), 'medium', 'riskFactorGrid'],
    ['grid: hypertension + 3 factors, LDL 1.5 → high', base({ ageYears: 60, hasHypertension: true, currentSmoker: true, hdlCholesterolMmolL: 0.9, ldlCholesterolMmolL: 1.5 }), 'high', 'riskFactorGrid'],
    ['grid: no hypertension, 3 factors, LDL 3.5 → medium', base({ ageYears: 60, currentSmoker: true, hdlCholesterolMmolL: 0.9, ldlCholesterolMmolL: 3.5 }), 'medium', 'riskFactorGrid'],
    ['grid: no hypertension, 2 factors, LDL 3.0 → low', base({ ageYears: 60, currentSmoker: true, ldlCholesterolMmolL: 3.0 }), 'low', 'riskFactorGrid'],
    ['grid: the higher band of TC and LDL-C counts', base({ ageYears: 60, currentSmoker: true, ldlCholesterolMmolL: 2.0, totalCholesterolMmolL: 5.5 }), 'medium', 'riskFactorGrid'],
    // LIP23 余生危险: medium and <55 with ≥2 lifetime factors → high.
    ['medium at 50 with two lifetime factors → high', base({ chinaParRiskPercent: 6, lifetime: { systolicMmHg: 165, bmi: 29 } }), 'high', 'lifetimeRiskFactors'],
    ['medium at 55 with two lifetime factors stays medium', base({ ageYears: 55, chinaParRiskPercent: 6, lifetime: { systolicMmHg: 165, bmi: 29 } }), 'medium', 'chinaPar'],
    ['low at 50 with two lifetime factors stays low', base({ chinaParRiskPercent: 3, lifetime: { systolicMmHg: 165, bmi: 29 } }), 'low', 'chinaPar'],
    // The doctor's level: ASCVD (very high) is kept; a looser level never lowers the computed one.
    ['ASCVD recorded by the doctor → very high', base({ recordedLevel: 'veryHigh', chinaParRiskPercent: 3 }), 'veryHigh', 'recordedByDoctor'],
    ['doctor recorded low, diabetes at 60 → still high', base({ recordedLevel: 'low', ageYears: 60, hasDiabetes: true }), 'high', 'diabetesAtLeast40'],
  ])('%s', (_case, input, level, basis) => {
    expect(stratifyAscvdRisk(input)).toMatchObject({ level, basis });
  });
});

describe('resolveLdlGoal (LIP23 table 6; G25 table 6 for hypertension, the stricter applies)', () => {
  test.each<[string, AscvdStratificationInput, number, boolean, string, string]>([
    ['low risk → <3.4', base({ ldlCholesterolMmolL: 3.0 }), 3.4, false, 'low', 'lip23Table6'],
    ['medium → <2.6', base({ chinaParRiskPercent: 7 }), 2.6, false, 'medium', 'lip23Table6'],
    ['diabetes at 50 without hypertension → high, <2.6 (LIP23)', base({ hasDiabetes: true }), 2.6, false, 'high', 'lip23Table6'],
    ['diabetes at 50 with hypertension → <1.8 (G25 table 6)', base({ hasDiabetes: true, hasHypertension: true }), 1.8, false, 'high', 'g25Table6'],
    ['CKD 3 with hypertension → <1.8 (G25 table 6)', base({ ckdStage: 3, hasHypertension: true }), 1.8, false, 'high', 'g25Table6'],
    ['CKD 3 without hypertension → <2.6 (LIP23)', base({ ckdStage: 3 }), 2.6, false, 'high', 'lip23Table6'],
    ['hypertension + smoking, low by China-PAR → <2.6 (G25 table 6)', base({ hasHypertension: true, currentSmoker: true, ageYears: 40, chinaParRiskPercent: 2 }), 2.6, false, 'low', 'g25Table6'],
    ['hypertension + HDL 0.9, low → <2.6 (G25)', base({ hasHypertension: true, ageYears: 40, hdlCholesterolMmolL: 0.9, chinaParRiskPercent: 2 }), 2.6, false, 'low', 'g25Table6'],
    ['hypertension, woman of 54, no factor → <3.4', base({ hasHypertension: true, ageYears: 54, chinaParRiskPercent: 2 }), 3.4, false, 'low', 'lip23Table6'],
    ['hypertension, man of 45 → <2.6 (G25: male ≥45)', base({ sex: 'male', ageYears: 45, hasHypertension: true, chinaParRiskPercent: 3 }), 2.6, false, 'low', 'g25Table6'],
    ['very high (ASCVD) → <1.8 and ≥50 % from baseline (LIP23)', base({ recordedLevel: 'veryHigh' }), 1.8, true, 'veryHigh', 'lip23Table6'],
    ['ultra-high → <1.4 and ≥50 % (LIP23)', base({ recordedLevel: 'ultraHigh', hasHypertension: true }), 1.4, true, 'ultraHigh', 'lip23Table6'],
  ])('%s', (_case, input, ldlBelowMmolL, requiresHalvingFromBaseline, riskLevel, goalBasis) => {
    const goal = resolveLdlGoal(input);
    expect(goal).toMatchObject({ ldlBelowMmolL, requiresHalvingFromBaseline, riskLevel, goalBasis });
    expect(goal.nonHdlBelowMmolL).toBeCloseTo(ldlBelowMmolL + 0.8, 10);
  });
});

describe('ckdStageFromEgfr (KDIGO 2012 G stages)', () => {
  test.each<[number, number]>([
    [95, 1],
    [90, 1],
    [89, 2],
    [60, 2],
    [59, 3],
    [30, 3],
    [29, 4],
    [15, 4],
    [14, 5],
  ])('eGFR %i → G%i', (egfr, stage) => {
    expect(ckdStageFromEgfr(egfr)).toBe(stage);
  });
});
