import { assertFinite } from './decimal';

/**
 * China-PAR 10-year ASCVD risk (Yang X et al., Circulation 2016;134:1430–1440; 中国心血管病风险评估和
 * 管理指南 2019): 1 − S10 ^ exp(ΣβX − mean), natural logs of age, SBP, TC, HDL-C and waist, TC and
 * HDL-C in mg/dL (mmol/L ÷ 0.0259, the paper's factor). Sex-specific, with separate terms for treated
 * and untreated SBP (treated = antihypertensive drugs in the last 2 weeks).
 *
 * The precision trap (research.md §1): the two-decimal coefficients printed in Supplemental Table 1
 * do not reproduce the paper's own risks (men ≈6 % too high, women about a third too low with the
 * printed S10 0.99). The constants below are those that do:
 * - men: the continuous terms back-solved from the "coefficient × value" column of Supplemental
 *   Table 1 (each rounds to the printed coefficient), S10 0.9707 as in the Supplemental Table 2 formula;
 * - women: the printed coefficients with S10 0.9851, solved from the women's worked example (sum
 *   119.22 → 10.1 %);
 * - terms that are 0 in the worked example (treated SBP, smoking, family history and their age
 *   interactions) can only keep their printed two-decimal values.
 * Transcriptions: zwbao/longevity-skills skills/china-par-ascvd-risk (cites the PDF page by page);
 * the same printed coefficients in BMC Cardiovasc Disord 2020 (doi:10.1186/s12872-020-01425-0) and
 * BMC Public Health 2020 (doi:10.1186/s12889-020-09579-4). Validated against Table 2 of the paper
 * and the worked example's sums in test/unit/shared/clinical/chinaPar.test.ts (within 0.2 points).
 */

export type Sex = 'male' | 'female';

export interface ChinaParInput {
  sex: Sex;
  ageYears: number;
  systolicMmHg: number;
  /** Antihypertensive medication taken in the last 2 weeks. */
  onAntihypertensiveTreatment: boolean;
  totalCholesterolMmolL: number;
  hdlCholesterolMmolL: number;
  waistCm: number;
  currentSmoker: boolean;
  diabetes: boolean;
  /** City resident (urban = 1); rural = 0. */
  urban: boolean;
  /** Lives north of the Yangtze (the guideline: "以长江为界"). */
  northernChina: boolean;
  /** Family history of ASCVD (a parent or sibling with myocardial infarction or stroke). */
  familyHistoryOfAscvd: boolean;
}

export type ChinaParCategory = 'low' | 'medium' | 'high';

export interface ChinaParResult {
  /** One decimal, as the paper and the official calculator show it. */
  riskPercent: number;
  category: ChinaParCategory;
}

interface Coefficients {
  lnAge: number;
  lnSbpTreated: number;
  lnSbpUntreated: number;
  lnTc: number;
  lnHdl: number;
  lnWaist: number;
  smoker: number;
  diabetes: number;
  north: number;
  urban: number;
  familyHistory: number;
  lnAgeLnSbpTreated: number;
  lnAgeLnSbpUntreated: number;
  lnAgeSmoker: number;
  lnAgeFamilyHistory: number;
  meanSum: number;
  baselineSurvival10Years: number;
}

export const CHINA_PAR_COEFFICIENTS: Readonly<Record<Sex, Coefficients>> = {
  male: {
    lnAge: 31.96604, // back-solved, printed 31.97 (Suppl. Table 1)
    lnSbpTreated: 27.39, // printed
    lnSbpUntreated: 26.14876, // back-solved, printed 26.15
    lnTc: 0.6209, // back-solved, printed 0.62
    lnHdl: -0.69373, // back-solved, printed −0.69
    lnWaist: -0.712, // back-solved, printed −0.71 (negative, as printed)
    smoker: 3.96, // printed
    diabetes: 0.36, // printed
    north: 0.48, // printed
    urban: -0.16, // printed
    familyHistory: 6.22, // printed
    lnAgeLnSbpTreated: -6.02, // printed
    lnAgeLnSbpUntreated: -5.73074, // back-solved, printed −5.73
    lnAgeSmoker: -0.94, // printed
    lnAgeFamilyHistory: -1.53, // printed
    meanSum: 140.68, // printed
    baselineSurvival10Years: 0.9707, // Suppl. Table 2 formula (printed 0.97)
  },
  female: {
    lnAge: 24.87,
    lnSbpTreated: 20.71,
    lnSbpUntreated: 19.98,
    lnTc: 0.06,
    lnHdl: -0.22,
    lnWaist: 1.48,
    smoker: 0.49,
    diabetes: 0.57,
    north: 0.54,
    urban: 0, // no term for women
    familyHistory: 0, // no term for women
    lnAgeLnSbpTreated: -4.53,
    lnAgeLnSbpUntreated: -4.36,
    lnAgeSmoker: 0,
    lnAgeFamilyHistory: 0,
    meanSum: 117.26, // printed
    baselineSurvival10Years: 0.9851, // solved from the women's worked example (printed 0.99)
  },
};

/** mg/dL = mmol/L ÷ 0.0259, the conversion the paper uses. */
export const CHOLESTEROL_MMOL_L_PER_MG_DL = 0.0259;

/**
 * The official calculator's input ranges (cvdrisk.com.cn, via original123's notes): values outside
 * are clamped to the range, so an extreme reading still yields the risk at the range's edge rather
 * than an extrapolation the cohort never saw; `clampedFields` says which.
 */
export const CHINA_PAR_INPUT_RANGES = {
  ageYears: { min: 20, max: 85 }, // the form; the equations were derived at 35–74
  systolicMmHg: { min: 70, max: 200 },
  totalCholesterolMmolL: { min: 2, max: 11 },
  hdlCholesterolMmolL: { min: 0.5, max: 4 },
  waistCm: { min: 50, max: 130 },
} as const;

/** 2019 guideline: <5 % low (低危), 5–9.9 % medium (中危), ≥10 % high (高危). */
export const CHINA_PAR_CATEGORY_FROM_PERCENT = { medium: 5, high: 10 } as const;

export function chinaParCategory(riskPercent: number): ChinaParCategory {
  if (riskPercent >= CHINA_PAR_CATEGORY_FROM_PERCENT.high) return 'high';
  if (riskPercent >= CHINA_PAR_CATEGORY_FROM_PERCENT.medium) return 'medium';
  return 'low';
}

/** ΣβX for one person (exported for the worked-example test: men 142.04, women 119.22 at 60). */
export function chinaParSum(input: ChinaParInput): number {
  const c = CHINA_PAR_COEFFICIENTS[input.sex];
  const lnAge = Math.log(input.ageYears);
  const lnSbp = Math.log(input.systolicMmHg);
  const flag = (value: boolean) => (value ? 1 : 0);
  const sbpTerms = input.onAntihypertensiveTreatment
    ? c.lnSbpTreated * lnSbp + c.lnAgeLnSbpTreated * lnAge * lnSbp
    : c.lnSbpUntreated * lnSbp + c.lnAgeLnSbpUntreated * lnAge * lnSbp;
  return (
    c.lnAge * lnAge +
    sbpTerms +
    c.lnTc * Math.log(input.totalCholesterolMmolL / CHOLESTEROL_MMOL_L_PER_MG_DL) +
    c.lnHdl * Math.log(input.hdlCholesterolMmolL / CHOLESTEROL_MMOL_L_PER_MG_DL) +
    c.lnWaist * Math.log(input.waistCm) +
    (c.smoker + c.lnAgeSmoker * lnAge) * flag(input.currentSmoker) +
    c.diabetes * flag(input.diabetes) +
    c.north * flag(input.northernChina) +
    c.urban * flag(input.urban) +
    (c.familyHistory + c.lnAgeFamilyHistory * lnAge) * flag(input.familyHistoryOfAscvd)
  );
}

export function clampToChinaParRanges(input: ChinaParInput): { input: ChinaParInput; clampedFields: Array<keyof typeof CHINA_PAR_INPUT_RANGES> } {
  const clampedFields: Array<keyof typeof CHINA_PAR_INPUT_RANGES> = [];
  const clamped = { ...input };
  for (const field of Object.keys(CHINA_PAR_INPUT_RANGES) as Array<keyof typeof CHINA_PAR_INPUT_RANGES>) {
    assertFinite(input[field]);
    const { min, max } = CHINA_PAR_INPUT_RANGES[field];
    const value = Math.min(max, Math.max(min, input[field]));
    if (value !== input[field]) clampedFields.push(field);
    clamped[field] = value;
  }
  return { input: clamped, clampedFields };
}

/** The 10-year risk in percent (one decimal) and its category; inputs in mmHg, mmol/L, cm, years. */
export function chinaPar10YearRisk(rawInput: ChinaParInput): ChinaParResult {
  const { input } = clampToChinaParRanges(rawInput);
  const c = CHINA_PAR_COEFFICIENTS[input.sex];
  const risk = 1 - Math.pow(c.baselineSurvival10Years, Math.exp(chinaParSum(input) - c.meanSum));
  const riskPercent = Math.round(risk * 1000) / 10;
  return { riskPercent, category: chinaParCategory(riskPercent) };
}
