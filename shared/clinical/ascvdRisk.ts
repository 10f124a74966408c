import { chinaParCategory, type Sex } from './chinaPar';
import { lifetimeRiskFactors, LIFETIME_RISK_THRESHOLDS, type LifetimeRiskInput } from './cardiovascularRisk';
import { isAtLeast, isBelow } from './decimal';
import { LDL_TARGETS_BY_RISK_MMOL_L, lipidTargetFor, type AscvdRiskLevel, type LipidTarget } from './lipids';

/**
 * ASCVD risk stratification and the LDL-C goal it sets (中国血脂管理指南 2023, LIP23; for residents
 * with hypertension also 国家基层高血压防治管理指南 2025 table 6, G25). docs/clinical-rules.md §3.
 *
 * Steps, first match wins (LIP23's flow):
 * 1. ASCVD on record (the doctor's very-high / ultra-high level: the app cannot see events) → as recorded.
 * 2. Automatically high: LDL-C ≥4.9 or TC ≥7.2; diabetes at ≥40; CKD stage 3–4 (LIP23 [S]; LIPTOOL [S2]).
 * 3. The 10-year risk: China-PAR when every input is known (<5 % low, 5–9.9 % medium, ≥10 % high:
 *    2019 guideline); otherwise LIP23's grid of risk factors × hypertension × cholesterol band.
 * 4. Medium risk under 55 with ≥2 lifetime-risk factors → high (LIP23 余生危险 [BK]).
 * A level the doctor recorded that is stricter than the computed one is kept (it may reflect what the
 * app cannot see); a looser one does not lower the computed level.
 * Without lipids, China-PAR inputs or any automatic criterion the level is low (`insufficientData`).
 */

export type CkdStage = 1 | 2 | 3 | 4 | 5;

/**
 * The G stage of a diagnosed CKD from the eGFR (mL/min/1.73 m²; KDIGO 2012 [BK]): ≥90 G1, 60–89 G2,
 * 30–59 G3 (3a and 3b), 15–29 G4, <15 G5. Only meaningful once CKD is diagnosed: a low eGFR alone
 * is not a diagnosis (it needs 3 months).
 */
export function ckdStageFromEgfr(egfrMlPerMin: number): CkdStage {
  if (egfrMlPerMin >= 90) return 1;
  if (egfrMlPerMin >= 60) return 2;
  if (egfrMlPerMin >= 30) return 3;
  if (egfrMlPerMin >= 15) return 4;
  return 5;
}

export interface AscvdStratificationInput {
  ageYears: number;
  sex: Sex;
  hasHypertension: boolean;
  hasDiabetes: boolean;
  /** null: no CKD on record, or a stage nobody recorded. */
  ckdStage: CkdStage | null;
  ldlCholesterolMmolL: number | null;
  totalCholesterolMmolL: number | null;
  hdlCholesterolMmolL: number | null;
  currentSmoker: boolean | null;
  /** China-PAR 10-year risk, when all its inputs are known. */
  chinaParRiskPercent: number | null;
  /** For the lifetime-risk factors. */
  lifetime: LifetimeRiskInput;
  recordedLevel: AscvdRiskLevel | null;
}

export type AscvdRiskBasis =
  | 'recordedByDoctor'
  | 'ldlAtLeast4_9OrTcAtLeast7_2'
  | 'diabetesAtLeast40'
  | 'ckdStage3To4'
  | 'chinaPar'
  | 'riskFactorGrid'
  | 'lifetimeRiskFactors'
  | 'insufficientData';

export interface AscvdStratification {
  level: AscvdRiskLevel;
  basis: AscvdRiskBasis;
  /** The LIP23 risk factors counted (smoking, HDL-C <1.0, male ≥45 / female ≥55). */
  riskFactorCount: number;
}

export const ASCVD_THRESHOLDS = {
  ldlAutomaticallyHighAtLeastMmolL: 4.9, // LIP23 [S]
  tcAutomaticallyHighAtLeastMmolL: 7.2, // LIP23 [S]
  diabetesHighFromAgeYears: 40, // LIP23 [S]
  ckdHighStages: [3, 4] as readonly CkdStage[], // LIP23 [S]: CKD 3–4
  hdlRiskFactorBelowMmolL: 1.0, // LIP23 [S]; G25 table 6 [S]
  ageRiskFactorFromYears: { male: 45, female: 55 } satisfies Record<Sex, number>, // LIP23 [S]; G25 table 6 [S]
  lifetimeCheckBelowAgeYears: 55, // LIP23 [BK]: medium risk and age <55
} as const;

const LEVEL_ORDER: readonly AscvdRiskLevel[] = ['low', 'medium', 'high', 'veryHigh', 'ultraHigh'];
const stricter = (a: AscvdRiskLevel, b: AscvdRiskLevel) => (LEVEL_ORDER.indexOf(a) >= LEVEL_ORDER.indexOf(b) ? a : b);

/** LIP23's three risk factors: smoking, HDL-C <1.0, age ≥45 (men) / ≥55 (women). */
export function ascvdRiskFactorCount(input: Pick<AscvdStratificationInput, 'ageYears' | 'sex' | 'currentSmoker' | 'hdlCholesterolMmolL'>): number {
  const t = ASCVD_THRESHOLDS;
  return (
    Number(input.currentSmoker === true) +
    Number(input.hdlCholesterolMmolL !== null && isBelow(input.hdlCholesterolMmolL, t.hdlRiskFactorBelowMmolL)) +
    Number(input.ageYears >= t.ageRiskFactorFromYears[input.sex])
  );
}

/**
 * LIP23's grid (Figure "ASCVD 危险分层"), cholesterol bands 3.1≤TC<4.1 or 1.8≤LDL<2.6 · 4.1≤TC<5.2 or
 * 2.6≤LDL<3.4 · 5.2≤TC<7.2 or 3.4≤LDL<4.9; the higher band of TC and LDL-C counts, and values below
 * the first band are read with it. Rows: risk factors (0–3) without / with hypertension. [S] for the
 * bands; the cell values are the 2016 joint guideline's, kept in 2023 [BK].
 */
const GRID: Readonly<Record<'noHypertension' | 'hypertension', readonly (readonly AscvdRiskLevel[])[]>> = {
  noHypertension: [
    ['low', 'low', 'low'], // 0 risk factors
    ['low', 'low', 'low'], // 1
    ['low', 'low', 'medium'], // 2
    ['low', 'medium', 'medium'], // 3
  ],
  hypertension: [
    ['low', 'low', 'low'],
    ['low', 'medium', 'medium'],
    ['medium', 'high', 'high'],
    ['high', 'high', 'high'],
  ],
};

function cholesterolBand(tc: number | null, ldl: number | null): 0 | 1 | 2 | null {
  const bandOf = (value: number | null, edges: readonly [number, number]): 0 | 1 | 2 | null =>
    value === null ? null : isBelow(value, edges[0]) ? 0 : isBelow(value, edges[1]) ? 1 : 2;
  const bands = [bandOf(tc, [4.1, 5.2]), bandOf(ldl, [2.6, 3.4])].filter((b): b is 0 | 1 | 2 => b !== null);
  return bands.length === 0 ? null : (Math.max(...bands) as 0 | 1 | 2);
}

export function stratifyAscvdRisk(input: AscvdStratificationInput): AscvdStratification {
  const t = ASCVD_THRESHOLDS;
  const riskFactorCount = ascvdRiskFactorCount(input);
  const result = (level: AscvdRiskLevel, basis: AscvdRiskBasis): AscvdStratification => {
    if (input.recordedLevel && stricter(input.recordedLevel, level) !== level) return { level: input.recordedLevel, basis: 'recordedByDoctor', riskFactorCount };
    return { level, basis, riskFactorCount };
  };

  if (
    (input.ldlCholesterolMmolL !== null && isAtLeast(input.ldlCholesterolMmolL, t.ldlAutomaticallyHighAtLeastMmolL)) ||
    (input.totalCholesterolMmolL !== null && isAtLeast(input.totalCholesterolMmolL, t.tcAutomaticallyHighAtLeastMmolL))
  ) {
    return result('high', 'ldlAtLeast4_9OrTcAtLeast7_2');
  }
  if (input.hasDiabetes && input.ageYears >= t.diabetesHighFromAgeYears) return result('high', 'diabetesAtLeast40');
  if (input.ckdStage !== null && t.ckdHighStages.includes(input.ckdStage)) return result('high', 'ckdStage3To4');

  let tenYear: { level: AscvdRiskLevel; basis: AscvdRiskBasis } | null = null;
  if (input.chinaParRiskPercent !== null) {
    tenYear = { level: chinaParCategory(input.chinaParRiskPercent), basis: 'chinaPar' };
  } else {
    const band = cholesterolBand(input.totalCholesterolMmolL, input.ldlCholesterolMmolL);
    if (band !== null) tenYear = { level: GRID[input.hasHypertension ? 'hypertension' : 'noHypertension'][riskFactorCount]![band]!, basis: 'riskFactorGrid' };
  }
  if (!tenYear) return result('low', 'insufficientData');
  if (
    tenYear.level === 'medium' &&
    input.ageYears < t.lifetimeCheckBelowAgeYears &&
    lifetimeRiskFactors(input.lifetime).length >= LIFETIME_RISK_THRESHOLDS.factorsForHighRisk
  ) {
    return result('high', 'lifetimeRiskFactors');
  }
  return result(tenYear.level, tenYear.basis);
}

// ---------------------------------------------------------------------------------------------
// The LDL-C goal. LIP23 table 6 by level; for a resident with hypertension also G25 table 6, and
// the stricter of the two applies (G25 sets <1.8 for hypertension with diabetes at ≥40 or CKD,
// where LIP23's "high" alone would allow <2.6). The ≥50 % reduction from baseline belongs to
// LIP23's very-high and ultra-high levels only.

export type LdlGoalBasis = 'lip23Table6' | 'g25Table6';

export type LdlGoal = LipidTarget & { riskLevel: AscvdRiskLevel; riskBasis: AscvdRiskBasis; goalBasis: LdlGoalBasis };

export const G25_HYPERTENSION_LDL_GOALS_MMOL_L = {
  ascvdUltraHigh: 1.4, // G25 table 6 [S]: ≥2 ASCVD events, or 1 event plus a high-risk factor
  ascvdOrCkdOrDiabetesAtLeast40: 1.8, // G25 table 6 [S]
  withRiskFactor: 2.6, // G25 table 6 [S]: LDL-C ≥4.9, smoking, HDL-C <1.0, male ≥45 / female ≥55
  otherwise: 3.4, // G25 table 6 [S]
} as const;

function g25Goal(input: AscvdStratificationInput, level: AscvdRiskLevel, riskFactorCount: number): number {
  const g = G25_HYPERTENSION_LDL_GOALS_MMOL_L;
  if (level === 'ultraHigh') return g.ascvdUltraHigh;
  const ckd = input.ckdStage !== null && input.ckdStage >= 3;
  if (level === 'veryHigh' || ckd || (input.hasDiabetes && input.ageYears >= ASCVD_THRESHOLDS.diabetesHighFromAgeYears)) return g.ascvdOrCkdOrDiabetesAtLeast40;
  const severe = input.ldlCholesterolMmolL !== null && isAtLeast(input.ldlCholesterolMmolL, ASCVD_THRESHOLDS.ldlAutomaticallyHighAtLeastMmolL);
  if (severe || riskFactorCount > 0) return g.withRiskFactor;
  return g.otherwise;
}

export function resolveLdlGoal(input: AscvdStratificationInput): LdlGoal {
  const stratification = stratifyAscvdRisk(input);
  const lip23 = LDL_TARGETS_BY_RISK_MMOL_L[stratification.level];
  const g25 = input.hasHypertension ? g25Goal(input, stratification.level, stratification.riskFactorCount) : null;
  const g25Stricter = g25 !== null && isBelow(g25, lip23.ldlBelowMmolL);
  return {
    ...lipidTargetFor(g25Stricter ? g25 : lip23.ldlBelowMmolL, lip23.requiresHalvingFromBaseline),
    riskLevel: stratification.level,
    riskBasis: stratification.basis,
    goalBasis: g25Stricter ? 'g25Table6' : 'lip23Table6',
  };
}
