import { assertFinite, divideRoundHalfUp, gradeByBands, type Band } from './decimal';

/** Blood pressure in whole mmHg, as every validated upper-arm monitor reports it. */
export type BpValue = { systolicMmHg: number; diastolicMmHg: number };

// ---------------------------------------------------------------------------------------------
// Grading (docs/clinical-rules.md §1.1). Office cut-offs; a home mean is graded the same way for display.

export type BpGrade = 'normal' | 'highNormal' | 'grade1' | 'grade2' | 'grade3';

/** Mild to severe, so the higher grade of SBP and DBP can be picked by index. */
export const BP_GRADES_IN_ORDER: readonly BpGrade[] = ['normal', 'highNormal', 'grade1', 'grade2', 'grade3'];

export const SYSTOLIC_GRADE_BANDS_MMHG: readonly Band<BpGrade>[] = [
  { grade: 'normal', below: 120 }, // G25 table 2 [S]: <120
  { grade: 'highNormal', below: 140 }, // G25 table 2 [S]: 120–139
  { grade: 'grade1', below: 160 }, // BPG19 table 1 [S]: 140–159
  { grade: 'grade2', below: 180 }, // BPG19 table 1 [S]: 160–179
  { grade: 'grade3', below: Infinity }, // BPG19 table 1 [S]: ≥180
];

export const DIASTOLIC_GRADE_BANDS_MMHG: readonly Band<BpGrade>[] = [
  { grade: 'normal', below: 80 }, // G25 table 2 [S]: <80
  { grade: 'highNormal', below: 90 }, // G25 table 2 [S]: 80–89
  { grade: 'grade1', below: 100 }, // BPG19 table 1 [S]: 90–99
  { grade: 'grade2', below: 110 }, // BPG19 table 1 [S]: 100–109
  { grade: 'grade3', below: Infinity }, // BPG19 table 1 [S]: ≥110
];

/** Isolated systolic: SBP ≥140 with DBP <90; isolated diastolic: SBP <140 with DBP ≥90. */
export const ISOLATED_HYPERTENSION_THRESHOLDS_MMHG = {
  systolicAtLeast: 140, // G25 [S]
  diastolicAtLeast: 90, // G25 [S]
} as const;

/** Home BP mean at or above either value is in the hypertensive range. */
export const HOME_BP_HYPERTENSION_THRESHOLDS_MMHG = {
  systolicAtLeast: 135, // G25 table 1 [S]
  diastolicAtLeast: 85, // G25 table 1 [S]
} as const;

export type BpGradeResult = {
  grade: BpGrade;
  systolicGrade: BpGrade;
  diastolicGrade: BpGrade;
  isolatedSystolic: boolean;
  isolatedDiastolic: boolean;
};

export function gradeBloodPressure({ systolicMmHg, diastolicMmHg }: BpValue): BpGradeResult {
  const systolicGrade = gradeByBands(systolicMmHg, SYSTOLIC_GRADE_BANDS_MMHG);
  const diastolicGrade = gradeByBands(diastolicMmHg, DIASTOLIC_GRADE_BANDS_MMHG);
  // BPG19 table 1: when SBP and DBP fall in different grades, the higher one applies.
  const grade =
    BP_GRADES_IN_ORDER.indexOf(systolicGrade) >= BP_GRADES_IN_ORDER.indexOf(diastolicGrade)
      ? systolicGrade
      : diastolicGrade;
  const systolicHigh = systolicMmHg >= ISOLATED_HYPERTENSION_THRESHOLDS_MMHG.systolicAtLeast;
  const diastolicHigh = diastolicMmHg >= ISOLATED_HYPERTENSION_THRESHOLDS_MMHG.diastolicAtLeast;
  return {
    grade,
    systolicGrade,
    diastolicGrade,
    isolatedSystolic: systolicHigh && !diastolicHigh,
    isolatedDiastolic: !systolicHigh && diastolicHigh,
  };
}

export function isHomeBpInHypertensiveRange({ systolicMmHg, diastolicMmHg }: BpValue): boolean {
  return (
    systolicMmHg >= HOME_BP_HYPERTENSION_THRESHOLDS_MMHG.systolicAtLeast ||
    diastolicMmHg >= HOME_BP_HYPERTENSION_THRESHOLDS_MMHG.diastolicAtLeast
  );
}

// ---------------------------------------------------------------------------------------------
// Home session mean (docs/clinical-rules.md §1.2): one sitting is 2–3 readings, stored with their mean.

/** heartRateBpm is the pulse rate the monitor shows with each reading; some monitors omit it. */
export type BpReading = BpValue & { heartRateBpm?: number };

export type BpSessionMean = BpValue & { heartRateBpm?: number; readingCount: number };

export type BpSessionMeanFailureReason = 'bp_session_reading_count_invalid' | 'bp_session_reading_not_whole_number';

export type BpSessionMeanResult = { ok: true; mean: BpSessionMean } | { ok: false; reason: BpSessionMeanFailureReason };

export const BP_SESSION_READING_COUNT = { min: 2, max: 3 } as const; // G25 §4.1 [S]: 2–3 readings

/** G25 §4.1 [S]: when the first two readings differ by more than this (SBP or DBP), take a third. */
export const BP_SESSION_DISCREPANCY_MMHG = 10;

/**
 * The readings a session's value is the mean of (G25 §4.1 [S]): "2 readings about 1 min apart,
 * record the mean; if SBP or DBP differ by >10 mmHg, take a third and average the last two". With a
 * third reading taken although the first two agreed, all three are averaged (home practice, G25
 * §4.1: "2–3 readings each time", their mean) — the third is then no outlier to drop.
 */
export function sessionReadingsToAverage<R extends BpValue>(readings: readonly R[]): readonly R[] {
  const [first, second] = readings;
  if (readings.length !== 3 || !first || !second) return readings;
  const discrepant =
    Math.abs(first.systolicMmHg - second.systolicMmHg) > BP_SESSION_DISCREPANCY_MMHG ||
    Math.abs(first.diastolicMmHg - second.diastolicMmHg) > BP_SESSION_DISCREPANCY_MMHG;
  return discrepant ? readings.slice(1) : readings;
}

/**
 * Integer mean of each value over the readings `sessionReadingsToAverage` keeps, rounded half up
 * (132.5 → 133), computed on integers so no float midpoint can round the wrong way. Heart rate is
 * averaged over those readings that have one. `readingCount` is the number of readings taken.
 * `minReadings` is 1 for a value a device measured by its own protocol (a Bluetooth meter's record,
 * a clinic kiosk's, an office reading): the 2–3 readings rule is for a sitting typed at home.
 */
export function sessionMean(readings: readonly BpReading[], minReadings: number = BP_SESSION_READING_COUNT.min): BpSessionMeanResult {
  if (readings.length < minReadings || readings.length > BP_SESSION_READING_COUNT.max) {
    return { ok: false, reason: 'bp_session_reading_count_invalid' };
  }
  const allValues = readings.flatMap((r) => [r.systolicMmHg, r.diastolicMmHg, ...(r.heartRateBpm === undefined ? [] : [r.heartRateBpm])]);
  if (!allValues.every((value) => Number.isInteger(value) && value >= 0)) {
    return { ok: false, reason: 'bp_session_reading_not_whole_number' };
  }

  const averaged = sessionReadingsToAverage(readings);
  const heartRates = averaged.flatMap((reading) => (reading.heartRateBpm === undefined ? [] : [reading.heartRateBpm]));
  const roundedMean = (values: readonly number[]): number =>
    divideRoundHalfUp(values.reduce((sum, value) => sum + value, 0), values.length);
  const mean: BpSessionMean = {
    systolicMmHg: roundedMean(averaged.map((r) => r.systolicMmHg)),
    diastolicMmHg: roundedMean(averaged.map((r) => r.diastolicMmHg)),
    readingCount: readings.length,
  };
  if (heartRates.length > 0) mean.heartRateBpm = roundedMean(heartRates);
  return { ok: true, mean };
}

// ---------------------------------------------------------------------------------------------
// Per-resident target (docs/domain.md §6.1). "At target" means strictly below both limits.

export type BpLimit = { systolicBelowMmHg: number; diastolicBelowMmHg: number };

export type BpTargetBasis = 'doctorOverride' | 'veryElderly' | 'diabetesOrCkd' | 'elderly' | 'general';

export type BpTarget = { office: BpLimit; home: BpLimit; basis: BpTargetBasis };

export type BpTargetPolicy = {
  general: BpLimit;
  elderly: { fromAgeYears: number; limit: BpLimit };
  /** From this age the relaxed limit applies even with diabetes or CKD. */
  veryElderly: { fromAgeYears: number; limit: BpLimit };
  diabetesOrCkd: BpLimit;
  /** Home limit when the office limit is looser; a stricter office limit also applies at home. */
  homeDefault: BpLimit;
};

export const DEFAULT_BP_TARGET_POLICY: BpTargetPolicy = {
  general: { systolicBelowMmHg: 140, diastolicBelowMmHg: 90 }, // docs/domain.md §6.1 [P]; G20 [S2]
  elderly: {
    fromAgeYears: 65, // docs/domain.md §6.1 [P]; spec 控制满意 ≥65 [BK]; G20 65–79 [S2]
    limit: { systolicBelowMmHg: 150, diastolicBelowMmHg: 90 }, // G20 [S2]; spec [BK]
  },
  veryElderly: {
    fromAgeYears: 80, // G25 §5.2 [S]: age ≥80; G20 [S2]: ≥80
    limit: { systolicBelowMmHg: 150, diastolicBelowMmHg: 90 }, // G25 §5.2 [S]: <150/90 (then <140/90 if tolerated)
  },
  diabetesOrCkd: { systolicBelowMmHg: 130, diastolicBelowMmHg: 80 }, // docs/domain.md §6.1 [P]; G20 [S2]
  homeDefault: { systolicBelowMmHg: 135, diastolicBelowMmHg: 85 }, // docs/clinical-rules.md §1.3 [BK]
};

export type BpTargetInput = {
  ageYears: number;
  hasDiabetes: boolean;
  /** G20 restricts <130/80 to CKD with proteinuria; the doctor records hasCkd with that in mind. */
  hasCkd: boolean;
  doctorOverride?: { office: BpLimit; home?: BpLimit };
};

/**
 * Precedence: the doctor's own target; then age ≥80 (<150/90 whatever the diagnoses: G25 §5.2 sets
 * the <130/80 target for "age <80" only, and holding an 85-year-old diabetic to <130/80 risks
 * falls and hypoperfusion); then diabetes or CKD (<130/80, also for ages 65–79: the stricter rule);
 * then age ≥65 (<150/90); then the general <140/90.
 * Home limit: each component the lower of the office limit and the home default, which yields
 * <135/85 for office <140/90 and <130/80 for office <130/80 (docs/clinical-rules.md §1.3 [BK]).
 */
export function resolveBpTarget(input: BpTargetInput, policy: BpTargetPolicy = DEFAULT_BP_TARGET_POLICY): BpTarget {
  assertFinite(input.ageYears);
  const homeFor = (office: BpLimit): BpLimit => ({
    systolicBelowMmHg: Math.min(office.systolicBelowMmHg, policy.homeDefault.systolicBelowMmHg),
    diastolicBelowMmHg: Math.min(office.diastolicBelowMmHg, policy.homeDefault.diastolicBelowMmHg),
  });

  if (input.doctorOverride) {
    const { office, home } = input.doctorOverride;
    return { office, home: home ?? homeFor(office), basis: 'doctorOverride' };
  }
  if (input.ageYears >= policy.veryElderly.fromAgeYears) {
    return { office: policy.veryElderly.limit, home: homeFor(policy.veryElderly.limit), basis: 'veryElderly' };
  }
  if (input.hasDiabetes || input.hasCkd) {
    return { office: policy.diabetesOrCkd, home: homeFor(policy.diabetesOrCkd), basis: 'diabetesOrCkd' };
  }
  if (input.ageYears >= policy.elderly.fromAgeYears) {
    return { office: policy.elderly.limit, home: homeFor(policy.elderly.limit), basis: 'elderly' };
  }
  return { office: policy.general, home: homeFor(policy.general), basis: 'general' };
}

export function isBpAtTarget({ systolicMmHg, diastolicMmHg }: BpValue, limit: BpLimit): boolean {
  return systolicMmHg < limit.systolicBelowMmHg && diastolicMmHg < limit.diastolicBelowMmHg;
}
