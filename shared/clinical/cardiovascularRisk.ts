import { chinaPar10YearRisk, CHOLESTEROL_MMOL_L_PER_MG_DL, type ChinaParInput, type ChinaParResult, type Sex } from './chinaPar';
import { isAtLeast, isBelow, subtractDecimals } from './decimal';

/**
 * What the resident and the doctor see of the China-PAR assessment (疾病风险评估): the 10-year risk,
 * the "ideal" risk with every factor at its target, which single change lowers the risk most, and
 * the lifetime-risk check for ages 20–59.
 */

/**
 * The official calculator's ideal profile (cvdrisk.com.cn, as documented in original123's notes,
 * research.md §1): TC 200 mg/dL, HDL-C 40 mg/dL, SBP 120 untreated, waist 90 cm (men) / 85 cm
 * (women), no diabetes, no smoking, no family history. Age, sex and region stay as they are.
 */
export const CHINA_PAR_IDEAL_PROFILE = {
  totalCholesterolMmolL: 200 * CHOLESTEROL_MMOL_L_PER_MG_DL,
  hdlCholesterolMmolL: 40 * CHOLESTEROL_MMOL_L_PER_MG_DL,
  systolicMmHg: 120,
  waistCm: { male: 90, female: 85 } satisfies Record<Sex, number>,
} as const;

export function idealChinaParInput(input: ChinaParInput): ChinaParInput {
  return {
    ...input,
    totalCholesterolMmolL: CHINA_PAR_IDEAL_PROFILE.totalCholesterolMmolL,
    hdlCholesterolMmolL: CHINA_PAR_IDEAL_PROFILE.hdlCholesterolMmolL,
    systolicMmHg: CHINA_PAR_IDEAL_PROFILE.systolicMmHg,
    onAntihypertensiveTreatment: false,
    waistCm: CHINA_PAR_IDEAL_PROFILE.waistCm[input.sex],
    diabetes: false,
    currentSmoker: false,
    familyHistoryOfAscvd: false,
  };
}

export type RiskChange = 'quitSmoking' | 'lowerSystolicTo120' | 'lowerCholesterol' | 'raiseHdl' | 'reduceWaist';

export const riskChangeLabels: Record<RiskChange, string> = {
  quitSmoking: '戒烟',
  lowerSystolicTo120: '把收缩压（高压）降到120以下',
  lowerCholesterol: '把总胆固醇降到5.2以下',
  raiseHdl: '把“好胆固醇”（高密度脂蛋白）提高到1.0以上',
  reduceWaist: '减小腰围',
};

/**
 * One modifiable factor moved to its ideal value, the rest as they are; only a change that moves a
 * factor the right way is tried (a resident already below 120 has no blood-pressure change to make).
 * Treatment status is kept: the realistic change for a treated resident is reaching 120 on drugs.
 * Diabetes and family history are not offered: they are not one change a resident can make.
 */
function singleChanges(input: ChinaParInput): Array<{ change: RiskChange; changed: ChinaParInput }> {
  const ideal = CHINA_PAR_IDEAL_PROFILE;
  const changes: Array<{ change: RiskChange; changed: ChinaParInput }> = [];
  if (input.currentSmoker) changes.push({ change: 'quitSmoking', changed: { ...input, currentSmoker: false } });
  if (input.systolicMmHg > ideal.systolicMmHg) changes.push({ change: 'lowerSystolicTo120', changed: { ...input, systolicMmHg: ideal.systolicMmHg } });
  if (input.totalCholesterolMmolL > ideal.totalCholesterolMmolL) changes.push({ change: 'lowerCholesterol', changed: { ...input, totalCholesterolMmolL: ideal.totalCholesterolMmolL } });
  if (input.hdlCholesterolMmolL < ideal.hdlCholesterolMmolL) changes.push({ change: 'raiseHdl', changed: { ...input, hdlCholesterolMmolL: ideal.hdlCholesterolMmolL } });
  if (input.waistCm > ideal.waistCm[input.sex]) changes.push({ change: 'reduceWaist', changed: { ...input, waistCm: ideal.waistCm[input.sex] } });
  return changes;
}

// ---------------------------------------------------------------------------------------------
// Lifetime risk. The 2019 guideline asks for a lifetime-risk assessment at ages 20–59 when the
// 10-year risk is low or medium (the official site calls a lifetime risk ≥32.8 % high), but the
// lifetime equations are not published (original123 found none). The check therefore uses the
// lipid guideline's lifetime-risk factors (LIP23 余生危险 [BK]): two or more of the following make
// the lifetime risk high.

export type LifetimeRiskFactor = 'bpAtLeast160Or100' | 'nonHdlAtLeast5_2' | 'hdlBelow1_0' | 'bmiAtLeast28' | 'smoking';

export const LIFETIME_RISK_THRESHOLDS = {
  systolicAtLeastMmHg: 160, // LIP23 [BK]
  diastolicAtLeastMmHg: 100, // LIP23 [BK]
  nonHdlAtLeastMmolL: 5.2, // LIP23 [BK]
  hdlBelowMmolL: 1.0, // LIP23 [BK]
  bmiAtLeast: 28, // LIP23 [BK]
  factorsForHighRisk: 2, // LIP23 [BK]: "any two or more"
  ageRangeYears: { min: 20, max: 59 }, // 2019 guideline: lifetime risk for ages 20–59
} as const;

export interface LifetimeRiskInput {
  systolicMmHg?: number | null | undefined;
  diastolicMmHg?: number | null | undefined;
  totalCholesterolMmolL?: number | null | undefined;
  hdlCholesterolMmolL?: number | null | undefined;
  bmi?: number | null | undefined;
  currentSmoker?: boolean | null | undefined;
}

/** The lifetime-risk factors present; an unknown value counts as absent. */
export function lifetimeRiskFactors(input: LifetimeRiskInput): LifetimeRiskFactor[] {
  const t = LIFETIME_RISK_THRESHOLDS;
  const known = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  const factors: LifetimeRiskFactor[] = [];
  if ((known(input.systolicMmHg) && input.systolicMmHg >= t.systolicAtLeastMmHg) || (known(input.diastolicMmHg) && input.diastolicMmHg >= t.diastolicAtLeastMmHg)) factors.push('bpAtLeast160Or100');
  if (known(input.totalCholesterolMmolL) && known(input.hdlCholesterolMmolL) && isAtLeast(subtractDecimals(input.totalCholesterolMmolL, input.hdlCholesterolMmolL), t.nonHdlAtLeastMmolL)) factors.push('nonHdlAtLeast5_2');
  if (known(input.hdlCholesterolMmolL) && isBelow(input.hdlCholesterolMmolL, t.hdlBelowMmolL)) factors.push('hdlBelow1_0');
  if (known(input.bmi) && isAtLeast(input.bmi, t.bmiAtLeast)) factors.push('bmiAtLeast28');
  if (input.currentSmoker === true) factors.push('smoking');
  return factors;
}

export type LifetimeRiskCheck = { applies: false } | { applies: true; high: boolean; factors: LifetimeRiskFactor[] };

export function lifetimeRiskCheck(ageYears: number, tenYear: ChinaParResult, input: LifetimeRiskInput): LifetimeRiskCheck {
  const { min, max } = LIFETIME_RISK_THRESHOLDS.ageRangeYears;
  if (ageYears < min || ageYears > max || tenYear.category === 'high') return { applies: false };
  const factors = lifetimeRiskFactors(input);
  return { applies: true, high: factors.length >= LIFETIME_RISK_THRESHOLDS.factorsForHighRisk, factors };
}

// ---------------------------------------------------------------------------------------------

export interface CardiovascularRiskAssessment {
  tenYear: ChinaParResult;
  ideal: ChinaParResult;
  /** Most helpful first; only changes that lower the risk. */
  changes: Array<{ change: RiskChange; riskPercent: number; reductionPercentPoints: number }>;
  lifetime: LifetimeRiskCheck;
}

export function assessCardiovascularRisk(input: ChinaParInput, extra: { diastolicMmHg?: number | null; bmi?: number | null } = {}): CardiovascularRiskAssessment {
  const tenYear = chinaPar10YearRisk(input);
  const changes = singleChanges(input)
    .map(({ change, changed }) => {
      const { riskPercent } = chinaPar10YearRisk(changed);
      return { change, riskPercent, reductionPercentPoints: Math.round((tenYear.riskPercent - riskPercent) * 10) / 10 };
    })
    .filter((c) => c.reductionPercentPoints > 0)
    .sort((a, b) => b.reductionPercentPoints - a.reductionPercentPoints);
  return {
    tenYear,
    ideal: chinaPar10YearRisk(idealChinaParInput(input)),
    changes,
    lifetime: lifetimeRiskCheck(input.ageYears, tenYear, { ...input, ...extra }),
  };
}
