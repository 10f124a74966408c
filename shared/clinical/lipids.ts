import { addDecimals, assertFinite, gradeByBands, isBelow, subtractDecimals, toHundredths, type Band } from './decimal';

/**
 * Serum lipids in mmol/L, Lp(a) in mg/L (LIP23). Table 2 gives reference levels for the low-risk
 * primary-prevention population; a resident's own goal comes from their risk level (table 6).
 */

export type LipidGrade = 'ideal' | 'acceptable' | 'borderlineHigh' | 'high' | 'low';

export type LipidAnalyte =
  | 'totalCholesterolMmolL'
  | 'ldlCholesterolMmolL'
  | 'hdlCholesterolMmolL'
  | 'triglyceridesMmolL'
  | 'nonHdlCholesterolMmolL'
  | 'lipoproteinAMgL';

export const LIPID_GRADE_BANDS: Readonly<Record<LipidAnalyte, readonly Band<LipidGrade>[]>> = {
  totalCholesterolMmolL: [
    { grade: 'acceptable', below: 5.2 }, // LIP23 table 2 [S]
    { grade: 'borderlineHigh', below: 6.2 }, // LIP23 table 2 [S]: 5.2–<6.2
    { grade: 'high', below: Infinity }, // LIP23 table 2 [S]: ≥6.2
  ],
  ldlCholesterolMmolL: [
    { grade: 'ideal', below: 2.6 }, // LIP23 table 2 [S]
    { grade: 'acceptable', below: 3.4 }, // LIP23 table 2 [S]
    { grade: 'borderlineHigh', below: 4.1 }, // LIP23 table 2 [S]: 3.4–<4.1
    { grade: 'high', below: Infinity }, // LIP23 table 2 [S]: ≥4.1
  ],
  // Table 2 names only "low" for HDL-C; anything else is reported as acceptable.
  hdlCholesterolMmolL: [
    { grade: 'low', below: 1.0 }, // LIP23 table 2 [S]: <1.0
    { grade: 'acceptable', below: Infinity },
  ],
  triglyceridesMmolL: [
    { grade: 'acceptable', below: 1.7 }, // LIP23 table 2 [S]
    { grade: 'borderlineHigh', below: 2.3 }, // LIP23 table 2 [S]: 1.7–<2.3
    { grade: 'high', below: Infinity }, // LIP23 table 2 [S]: ≥2.3
  ],
  nonHdlCholesterolMmolL: [
    { grade: 'ideal', below: 3.4 }, // LIP23 table 2 [S]
    { grade: 'acceptable', below: 4.1 }, // LIP23 table 2 [S]
    { grade: 'borderlineHigh', below: 4.9 }, // LIP23 table 2 [S]: 4.1–<4.9
    { grade: 'high', below: Infinity }, // LIP23 table 2 [S]: ≥4.9
  ],
  lipoproteinAMgL: [
    { grade: 'acceptable', below: 300 }, // LIP23 table 2 [S]
    { grade: 'high', below: Infinity }, // LIP23 table 2 [S]: ≥300
  ],
};

export function gradeLipid(analyte: LipidAnalyte, value: number): LipidGrade {
  return gradeByBands(value, LIPID_GRADE_BANDS[analyte]);
}

/** non-HDL-C = TC − HDL-C, exact to the hundredth (5.2 − 1.1 must be 4.1, not 4.1000000000000005). */
export function nonHdlCholesterol(totalCholesterolMmolL: number, hdlCholesterolMmolL: number): number {
  assertFinite(totalCholesterolMmolL);
  assertFinite(hdlCholesterolMmolL);
  return subtractDecimals(totalCholesterolMmolL, hdlCholesterolMmolL);
}

// ---------------------------------------------------------------------------------------------
// Goals by ASCVD risk level (LIP23 table 6). The level comes from shared/clinical/ascvdRisk.ts.

export type AscvdRiskLevel = 'low' | 'medium' | 'high' | 'veryHigh' | 'ultraHigh';

export type LipidTarget = {
  ldlBelowMmolL: number;
  nonHdlBelowMmolL: number;
  /** Very high and ultra-high risk also need LDL-C at least 50% below the untreated baseline. */
  requiresHalvingFromBaseline: boolean;
};

export const LDL_TARGETS_BY_RISK_MMOL_L: Readonly<
  Record<AscvdRiskLevel, { ldlBelowMmolL: number; requiresHalvingFromBaseline: boolean }>
> = {
  low: { ldlBelowMmolL: 3.4, requiresHalvingFromBaseline: false }, // LIP23 table 6 [S]
  medium: { ldlBelowMmolL: 2.6, requiresHalvingFromBaseline: false }, // LIP23 table 6 [S]
  high: { ldlBelowMmolL: 2.6, requiresHalvingFromBaseline: false }, // LIP23 table 6 [S]
  veryHigh: { ldlBelowMmolL: 1.8, requiresHalvingFromBaseline: true }, // LIP23 table 6 [S]
  ultraHigh: { ldlBelowMmolL: 1.4, requiresHalvingFromBaseline: true }, // LIP23 table 6 [S]
};

export const NON_HDL_TARGET_ABOVE_LDL_MMOL_L = 0.8; // LIP23 [S]: non-HDL-C goal = LDL-C goal + 0.8

export function resolveLipidTarget(riskLevel: AscvdRiskLevel): LipidTarget {
  const { ldlBelowMmolL, requiresHalvingFromBaseline } = LDL_TARGETS_BY_RISK_MMOL_L[riskLevel];
  return lipidTargetFor(ldlBelowMmolL, requiresHalvingFromBaseline);
}

/** A goal from its LDL-C limit: the non-HDL-C goal follows (+0.8). */
export function lipidTargetFor(ldlBelowMmolL: number, requiresHalvingFromBaseline: boolean): LipidTarget {
  return { ldlBelowMmolL, nonHdlBelowMmolL: addDecimals(ldlBelowMmolL, NON_HDL_TARGET_ABOVE_LDL_MMOL_L), requiresHalvingFromBaseline };
}

/**
 * Strictly below the goal and, where required, at most half the baseline (a ≥50% reduction).
 * Without a baseline the reduction cannot be judged, so only the absolute goal counts.
 */
export function isLdlAtTarget(
  { ldlCholesterolMmolL, baselineLdlCholesterolMmolL }: { ldlCholesterolMmolL: number; baselineLdlCholesterolMmolL?: number },
  target: LipidTarget,
): boolean {
  assertFinite(ldlCholesterolMmolL);
  if (!isBelow(ldlCholesterolMmolL, target.ldlBelowMmolL)) return false;
  if (!target.requiresHalvingFromBaseline || baselineLdlCholesterolMmolL === undefined) return true;
  assertFinite(baselineLdlCholesterolMmolL);
  return 2 * toHundredths(ldlCholesterolMmolL) <= toHundredths(baselineLdlCholesterolMmolL);
}

export function isNonHdlAtTarget(nonHdlCholesterolMmolL: number, target: LipidTarget): boolean {
  assertFinite(nonHdlCholesterolMmolL);
  return isBelow(nonHdlCholesterolMmolL, target.nonHdlBelowMmolL);
}
