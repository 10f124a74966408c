import { assertFinite, gradeByBands, isAtLeast, isBelow, type Band } from './decimal';

/** Capillary or plasma glucose in mmol/L, one decimal as meters and labs report it. */
export type GlucoseTiming = 'fasting' | 'postprandial2h' | 'random';

export type GlucoseReading = { timing: GlucoseTiming; glucoseMmolL: number };

// ---------------------------------------------------------------------------------------------
// Grading (docs/clinical-rules.md §2). IFG/IGT are defined on fasting plasma and the 2-h OGTT; a home
// "2 h after a meal" reading uses the same cut-offs as a screening hint, not a diagnosis.

export type GlucoseGrade = 'normal' | 'impaired' | 'diabeticRange';

export const GLUCOSE_GRADE_BANDS_MMOL_L: Readonly<Record<GlucoseTiming, readonly Band<GlucoseGrade>[]>> = {
  fasting: [
    { grade: 'normal', below: 6.1 }, // DM25 [S2]; G25 [S]: IFG from 6.1
    { grade: 'impaired', below: 7.0 }, // DM25 [S2]; G25 [S]: IFG 6.1–<7.0
    { grade: 'diabeticRange', below: Infinity }, // DM25 [S2]; G25 §5.5.3 [S]: FPG ≥7.0
  ],
  postprandial2h: [
    { grade: 'normal', below: 7.8 }, // G25 [S]: IGT from 7.8
    { grade: 'impaired', below: 11.1 }, // G25 [S]: IGT 7.8–<11.1
    { grade: 'diabeticRange', below: Infinity }, // DM25 [S2]; G25 §5.5.3 [S]: 2-h ≥11.1
  ],
  // Random glucose has no "impaired" band: below 11.1 it says nothing more than "not diabetic range".
  random: [
    { grade: 'normal', below: 11.1 }, // DM25 [S2]
    { grade: 'diabeticRange', below: Infinity }, // DM25 [S2]: random ≥11.1 (with symptoms)
  ],
};

export function gradeGlucose({ timing, glucoseMmolL }: GlucoseReading): GlucoseGrade {
  return gradeByBands(glucoseMmolL, GLUCOSE_GRADE_BANDS_MMOL_L[timing]);
}

// ---------------------------------------------------------------------------------------------
// Hypoglycaemia by value (docs/clinical-rules.md §2). Level 3 is a clinical event (needed another person's
// help), whatever the value, so it is recorded by the doctor, not derived here.

export type HypoglycaemiaLevel = 'none' | 'level1' | 'level2';

export const HYPOGLYCAEMIA_BANDS_MMOL_L: readonly Band<HypoglycaemiaLevel>[] = [
  { grade: 'level2', below: 3.0 }, // docs/clinical-rules.md §2 [BK]: <3.0
  { grade: 'level1', below: 3.9 }, // docs/clinical-rules.md §2 [BK]: 3.0–<3.9
  { grade: 'none', below: Infinity },
];

/** Meant for residents treated for diabetes; in others <3.9 is worth a look but not the same event. */
export function hypoglycaemiaLevel(glucoseMmolL: number): HypoglycaemiaLevel {
  return gradeByBands(glucoseMmolL, HYPOGLYCAEMIA_BANDS_MMOL_L);
}

// ---------------------------------------------------------------------------------------------
// Targets (docs/domain.md §6.1; T2DM20). The guideline writes FPG "4.4–7.0"; the upper end is read as
// exclusive, one rule with the spec's 控制满意 (FPG <7.0, WYJK [S2]) and the diagnosis (FPG ≥7.0 is
// the diabetic range, G25 §5.5.3 [S]): a value at the diagnostic threshold is not "at target", so
// the quarterly 达标 reward and the 血糖控制率 KPI can never disagree about 7.0.

export type GlucoseTarget = {
  fastingMinMmolL: number;
  /** Exclusive: a fasting value is at target strictly below this. */
  fastingBelowMmolL: number;
  /** Postprandial and random readings: at target below this (and not hypoglycaemic). */
  nonFastingBelowMmolL: number;
};

export const DEFAULT_GLUCOSE_TARGET: GlucoseTarget = {
  fastingMinMmolL: 4.4, // T2DM20 [S2]
  fastingBelowMmolL: 7.0, // T2DM20 [S2] "4.4–7.0", upper end exclusive as the spec's 控制满意 <7.0 (WYJK [S2])
  nonFastingBelowMmolL: 10.0, // T2DM20 [S2]: non-fasting <10.0
};

/**
 * Fasting: min ≤ value < below. Non-fasting: value < nonFastingBelow and not hypoglycaemic (≥3.9,
 * docs/clinical-rules.md §2), because a low reading is never "controlled" [P].
 */
export function isGlucoseAtTarget({ timing, glucoseMmolL }: GlucoseReading, target: GlucoseTarget = DEFAULT_GLUCOSE_TARGET): boolean {
  assertFinite(glucoseMmolL);
  if (timing === 'fasting') {
    return isAtLeast(glucoseMmolL, target.fastingMinMmolL) && isBelow(glucoseMmolL, target.fastingBelowMmolL);
  }
  return hypoglycaemiaLevel(glucoseMmolL) === 'none' && isBelow(glucoseMmolL, target.nonFastingBelowMmolL);
}

// ---------------------------------------------------------------------------------------------
// HbA1c (docs/clinical-rules.md §2). One decimal percent, NGSP/DCCT-aligned as Chinese labs report it.

export type Hba1cGrade = 'normal' | 'diabeticRange';

export const HBA1C_GRADE_BANDS_PERCENT: readonly Band<Hba1cGrade>[] = [
  { grade: 'normal', below: 6.5 }, // DM25 [S2]; G25 §5.5.3 [S]: HbA1c ≥6.5% is in the diagnostic criteria
  { grade: 'diabeticRange', below: Infinity },
];

/** Below this the HbA1c of a diabetic is at target (T2DM20 [S2]: HbA1c <7.0%). */
export const HBA1C_TARGET_BELOW_PERCENT = 7.0;

export function gradeHba1c(hba1cPercent: number): Hba1cGrade {
  return gradeByBands(hba1cPercent, HBA1C_GRADE_BANDS_PERCENT);
}

export function isHba1cAtTarget(hba1cPercent: number, belowPercent: number = HBA1C_TARGET_BELOW_PERCENT): boolean {
  assertFinite(hba1cPercent);
  return isBelow(hba1cPercent, belowPercent);
}
