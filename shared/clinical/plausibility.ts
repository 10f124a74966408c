import { isAbove, isAtLeast, isAtMost, isBelow } from './decimal';

/**
 * Plausibility of entered values (docs/clinical-rules.md §8): hard ranges reject typing errors and
 * values no meter shows; soft warnings ask the resident to check a reading that is possible but
 * unusual. The source tags on each limit are the ones that section gives.
 * Every problem is a stable snake_case code tied to the field it concerns.
 */

export type PlausibilityField =
  | 'systolicMmHg'
  | 'diastolicMmHg'
  | 'heartRateBpm'
  | 'glucoseMmolL'
  | 'hba1cPercent'
  | 'hcyUmolL'
  | 'totalCholesterolMmolL'
  | 'triglyceridesMmolL'
  | 'ldlCholesterolMmolL'
  | 'hdlCholesterolMmolL'
  | 'weightKg'
  | 'heightCm'
  | 'waistCm'
  | 'egfrMlPerMin'
  | 'uacrMgPerG';

export type MeasurementInput = Partial<Record<PlausibilityField, number>> & { measuredAt?: Date };

/** Inclusive on both ends unless minExclusive; wholeNumber for values devices report as integers. */
export type PlausibleRange = { min: number; max: number; minExclusive?: boolean; wholeNumber?: boolean };

export const PLAUSIBLE_RANGES: Readonly<Record<PlausibilityField, PlausibleRange>> = {
  systolicMmHg: { min: 60, max: 300, wholeNumber: true }, // SIMPLE [S] accepts 70–300
  diastolicMmHg: { min: 30, max: 200, wholeNumber: true }, // SIMPLE [S] accepts 40–180
  heartRateBpm: { min: 25, max: 250, wholeNumber: true }, // BPValidator 30–250 [S2]
  glucoseMmolL: { min: 1.1, max: 33.3 }, // typical meter range [BK]
  hba1cPercent: { min: 3, max: 25 }, // SIMPLE [S]
  hcyUmolL: { min: 0, minExclusive: true, max: 300 }, // [BK]: >0 and ≤300
  totalCholesterolMmolL: { min: 0.5, max: 25 }, // [BK]
  triglyceridesMmolL: { min: 0.1, max: 50 }, // [BK]
  ldlCholesterolMmolL: { min: 0.1, max: 15 }, // [BK]
  hdlCholesterolMmolL: { min: 0.1, max: 5 }, // [BK]
  weightKg: { min: 20, max: 300 }, // brief [P]: adult BMI inputs
  heightCm: { min: 100, max: 250 }, // brief [P]: adult BMI inputs
  waistCm: { min: 40, max: 200 }, // [BK]: adult waist; China-PAR's form accepts 50–130 (values outside are clamped there)
  egfrMlPerMin: { min: 1, max: 200 }, // [BK]: eGFR in mL/min/1.73 m²
  uacrMgPerG: { min: 0, max: 10000 }, // [BK]: urine albumin/creatinine ratio in mg/g
};

/** The code stem for each field; codes read `<stem>_out_of_range` and so on. */
export const PLAUSIBILITY_CODE_STEMS = {
  systolicMmHg: 'systolic',
  diastolicMmHg: 'diastolic',
  heartRateBpm: 'heart_rate',
  glucoseMmolL: 'glucose',
  hba1cPercent: 'hba1c',
  hcyUmolL: 'hcy',
  totalCholesterolMmolL: 'total_cholesterol',
  triglyceridesMmolL: 'triglycerides',
  ldlCholesterolMmolL: 'ldl_cholesterol',
  hdlCholesterolMmolL: 'hdl_cholesterol',
  weightKg: 'weight',
  heightCm: 'height',
  waistCm: 'waist',
  egfrMlPerMin: 'egfr',
  uacrMgPerG: 'uacr',
} as const satisfies Record<PlausibilityField, string>;

export type PlausibilityCodeStem = (typeof PLAUSIBILITY_CODE_STEMS)[PlausibilityField];
type WholeNumberStem = 'systolic' | 'diastolic' | 'heart_rate';

export type PlausibilityErrorCode =
  | `${PlausibilityCodeStem}_not_a_number`
  | `${PlausibilityCodeStem}_out_of_range`
  | `${WholeNumberStem}_not_whole_number`
  | 'systolic_not_above_diastolic' // SIMPLE [S] requires SBP ≥ DBP; equal is rejected too
  | 'measured_at_invalid'
  | 'measured_at_in_future';

export type PlausibilityWarningCode =
  | 'systolic_low'
  | 'systolic_high'
  | 'diastolic_low'
  | 'diastolic_high'
  | 'pulse_pressure_narrow'
  | 'pulse_pressure_wide'
  | 'heart_rate_low'
  | 'heart_rate_high'
  | 'glucose_low'
  | 'glucose_high'
  | 'hba1c_high'
  | 'hcy_high'
  | 'triglycerides_high';

export type WarningComparison = 'below' | 'atLeast' | 'above';

export type PlausibilityWarningRule = {
  field: PlausibilityField;
  code: PlausibilityWarningCode;
  comparison: WarningComparison;
  threshold: number;
};

export const PLAUSIBILITY_WARNING_RULES: readonly PlausibilityWarningRule[] = [
  { field: 'systolicMmHg', code: 'systolic_low', comparison: 'below', threshold: 90 }, // [BK]
  { field: 'systolicMmHg', code: 'systolic_high', comparison: 'atLeast', threshold: 180 }, // [BK]
  { field: 'diastolicMmHg', code: 'diastolic_low', comparison: 'below', threshold: 50 }, // [BK]
  { field: 'diastolicMmHg', code: 'diastolic_high', comparison: 'atLeast', threshold: 110 }, // [BK]
  { field: 'heartRateBpm', code: 'heart_rate_low', comparison: 'below', threshold: 50 }, // BPValidator [S2]
  { field: 'heartRateBpm', code: 'heart_rate_high', comparison: 'above', threshold: 120 }, // BPValidator [S2]
  { field: 'glucoseMmolL', code: 'glucose_low', comparison: 'below', threshold: 3.9 }, // [BK]
  { field: 'glucoseMmolL', code: 'glucose_high', comparison: 'atLeast', threshold: 16.7 }, // [BK]
  { field: 'hba1cPercent', code: 'hba1c_high', comparison: 'above', threshold: 10 }, // SIMPLE [S]
  { field: 'hcyUmolL', code: 'hcy_high', comparison: 'above', threshold: 30 }, // [BK]
  { field: 'triglyceridesMmolL', code: 'triglycerides_high', comparison: 'atLeast', threshold: 5.6 }, // [BK]: pancreatitis risk
];

/** SBP − DBP outside these bounds suggests a misread or swapped value. */
export const PULSE_PRESSURE_WARNING_MMHG = {
  narrowBelow: 15, // [BK]
  wideAbove: 100, // [BK]
} as const;

/** Phone and server clocks drift; a reading a few minutes "ahead" is still a fresh reading [P]. */
export const MEASURED_AT_CLOCK_SKEW_MS = 5 * 60 * 1000;

export type PlausibilityIssue<Code extends string> = { field: PlausibilityField | 'measuredAt'; code: Code };

export type PlausibilityResult = {
  ok: boolean;
  errors: PlausibilityIssue<PlausibilityErrorCode>[];
  warnings: PlausibilityIssue<PlausibilityWarningCode>[];
};

const FIELDS = Object.keys(PLAUSIBLE_RANGES) as PlausibilityField[];
const WHOLE_NUMBER_FIELDS = new Set<PlausibilityField>(['systolicMmHg', 'diastolicMmHg', 'heartRateBpm']);

function rangeErrorCode(field: PlausibilityField, value: number): PlausibilityErrorCode | null {
  const stem = PLAUSIBILITY_CODE_STEMS[field];
  const range = PLAUSIBLE_RANGES[field];
  if (!Number.isFinite(value)) return `${stem}_not_a_number`;
  const tooLow = range.minExclusive ? isAtMost(value, range.min) : isBelow(value, range.min);
  if (tooLow || isAbove(value, range.max)) return `${stem}_out_of_range`;
  if (WHOLE_NUMBER_FIELDS.has(field) && !Number.isInteger(value)) return `${stem as WholeNumberStem}_not_whole_number`;
  return null;
}

function breaches(value: number, comparison: WarningComparison, threshold: number): boolean {
  if (comparison === 'below') return isBelow(value, threshold);
  if (comparison === 'atLeast') return isAtLeast(value, threshold);
  return isAbove(value, threshold);
}

/**
 * Checks every field present; absent fields are not required here (each form decides that).
 * Warnings are only raised for fields that passed the hard checks. `now` is the server's or the
 * phone's current time, passed in so the rule stays pure.
 */
export function checkPlausibility(input: MeasurementInput, now: Date): PlausibilityResult {
  const errors: PlausibilityIssue<PlausibilityErrorCode>[] = [];
  const warnings: PlausibilityIssue<PlausibilityWarningCode>[] = [];
  const validFields = new Set<PlausibilityField>();

  for (const field of FIELDS) {
    const value = input[field];
    if (value === undefined) continue;
    const code = rangeErrorCode(field, value);
    if (code) errors.push({ field, code });
    else validFields.add(field);
  }

  const { systolicMmHg, diastolicMmHg } = input;
  const bothBpValid = (): boolean => validFields.has('systolicMmHg') && validFields.has('diastolicMmHg');
  if (systolicMmHg !== undefined && diastolicMmHg !== undefined && bothBpValid() && systolicMmHg <= diastolicMmHg) {
    errors.push({ field: 'systolicMmHg', code: 'systolic_not_above_diastolic' });
    validFields.delete('systolicMmHg');
    validFields.delete('diastolicMmHg');
  }

  if (input.measuredAt !== undefined) {
    const measuredAtMs = input.measuredAt.getTime();
    if (Number.isNaN(measuredAtMs)) errors.push({ field: 'measuredAt', code: 'measured_at_invalid' });
    else if (measuredAtMs > now.getTime() + MEASURED_AT_CLOCK_SKEW_MS) {
      errors.push({ field: 'measuredAt', code: 'measured_at_in_future' });
    }
  }

  for (const rule of PLAUSIBILITY_WARNING_RULES) {
    const value = input[rule.field];
    if (value !== undefined && validFields.has(rule.field) && breaches(value, rule.comparison, rule.threshold)) {
      warnings.push({ field: rule.field, code: rule.code });
    }
  }
  if (systolicMmHg !== undefined && diastolicMmHg !== undefined && bothBpValid()) {
    const pulsePressureMmHg = systolicMmHg - diastolicMmHg;
    if (pulsePressureMmHg < PULSE_PRESSURE_WARNING_MMHG.narrowBelow) {
      warnings.push({ field: 'systolicMmHg', code: 'pulse_pressure_narrow' });
    } else if (pulsePressureMmHg > PULSE_PRESSURE_WARNING_MMHG.wideAbove) {
      warnings.push({ field: 'systolicMmHg', code: 'pulse_pressure_wide' });
    }
  }

  return { ok: errors.length === 0, errors, warnings };
}
