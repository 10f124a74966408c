import {
  assessUrgency,
  bmiCategory,
  checkPlausibility,
  classifyHcy,
  clinicalReasonMessages,
  computeBmi,
  gradeBloodPressure,
  gradeGlucose,
  gradeLipid,
  hypoglycaemiaLevel,
  isBpAtTarget,
  isGlucoseAtTarget,
  isHcyAtTarget,
  isHTypeHypertension,
  isLdlAtTarget,
  isWarningCoveredByUrgency,
  isNonHdlAtTarget,
  nonHdlCholesterol,
  resolveHcyTarget,
  sessionMean,
  ADULT_BMI_CATEGORY_BANDS,
  type MeasurementInput,
  type PlausibilityField,
} from '../../shared/clinical';
import type { ClinicalContext } from './clinicalContext';
import type { ReadingBody } from '../../shared/api/readings';

/**
 * Turns one reading into what is stored and shown: normalized values (a BP session gets its mean),
 * the grade, whether it is at the resident's target and that target, urgency with advice, and the
 * soft plausibility warnings. Pure; every rule comes from shared/clinical.
 * Returns the problems instead when a value is implausible (hard ranges, future time, 1 BP reading).
 */
export interface Issue {
  field: string;
  code: string;
  message: string;
}

export interface Assessment {
  grade: string | null;
  atTarget: boolean | null;
  target: Record<string, number | string | null> | null;
  urgent: boolean;
  urgentReasons: string[];
  advice: string[];
  warnings: Issue[];
  derived: Record<string, number | string | boolean | null>;
}

export type AssessedReading = { ok: true; values: Record<string, unknown>; assessment: Assessment } | { ok: false; issues: Issue[] };

const message = (code: string) => (clinicalReasonMessages as Record<string, string>)[code] ?? code;
const issue = (field: string, code: string): Issue => ({ field, code, message: message(code) });

/** Bands for a BMI "target" (the normal category): from the shared category table. */
const NORMAL_BMI = (() => {
  const index = ADULT_BMI_CATEGORY_BANDS.findIndex((b) => b.grade === 'normal');
  return { bmiAtLeast: ADULT_BMI_CATEGORY_BANDS[index - 1]?.below ?? 0, bmiBelow: ADULT_BMI_CATEGORY_BANDS[index]?.below ?? 0 };
})();

/** `singleMeasurement`: one BP reading is a session (a meter's, a kiosk's or an office value). */
export function assessReading(body: ReadingBody, context: ClinicalContext, now: Date, options: { singleMeasurement?: boolean } = {}): AssessedReading {
  const measuredAt = new Date(body.measuredAt);
  const plausibility = (input: MeasurementInput, prefix = '') => {
    const result = checkPlausibility(input, now);
    return {
      errors: result.errors.map((e) => issue(prefix && e.field !== 'measuredAt' ? `${prefix}.${e.field}` : e.field, e.code)),
      warnings: result.warnings.map((w) => issue(prefix ? `${prefix}.${w.field}` : w.field, w.code)),
    };
  };
  const timeCheck = plausibility({ measuredAt });
  const base = { errors: [...timeCheck.errors], warnings: [] as Issue[] };

  switch (body.measure) {
    case 'bp': {
      body.readings.forEach((r, i) => {
        const checked = plausibility({ systolicMmHg: r.systolicMmHg, diastolicMmHg: r.diastolicMmHg, heartRateBpm: r.heartRateBpm }, `readings.${i}`);
        base.errors.push(...checked.errors);
      });
      if (base.errors.length > 0) return { ok: false, issues: base.errors };
      const session = sessionMean(body.readings, options.singleMeasurement ? 1 : undefined);
      if (!session.ok) return { ok: false, issues: [issue('readings', session.reason)] };
      const mean = session.mean;
      const meanCheck = plausibility({ systolicMmHg: mean.systolicMmHg, diastolicMmHg: mean.diastolicMmHg, heartRateBpm: mean.heartRateBpm });
      const graded = gradeBloodPressure(mean);
      // Clinic-entered values are office readings; everything else is home monitoring.
      const setting = body.source === 'clinic' ? 'office' : 'home';
      const limit = context.targets.bp[setting];
      const urgency = assessUrgency({ systolicMmHg: mean.systolicMmHg, diastolicMmHg: mean.diastolicMmHg });
      return {
        ok: true,
        values: { readings: body.readings, mean, arm: body.arm ?? null, timeOfDay: body.timeOfDay },
        assessment: {
          grade: graded.grade,
          atTarget: isBpAtTarget(mean, limit),
          target: { ...limit, setting, basis: context.targets.bp.basis },
          urgent: urgency.urgent,
          urgentReasons: urgency.reasons,
          advice: urgency.advice,
          warnings: meanCheck.warnings.filter((w) => !isWarningCoveredByUrgency(w.code, urgency.reasons)),
          derived: { isolatedSystolic: graded.isolatedSystolic, isolatedDiastolic: graded.isolatedDiastolic },
        },
      };
    }
    case 'glucose': {
      const checked = plausibility({ glucoseMmolL: body.glucoseMmolL });
      if (base.errors.length + checked.errors.length > 0) return { ok: false, issues: [...base.errors, ...checked.errors] };
      const reading = { timing: body.timing, glucoseMmolL: body.glucoseMmolL };
      const urgency = assessUrgency({ glucoseMmolL: body.glucoseMmolL });
      const target = context.targets.glucose;
      return {
        ok: true,
        values: reading,
        assessment: {
          grade: gradeGlucose(reading),
          atTarget: isGlucoseAtTarget(reading, target),
          target: body.timing === 'fasting' ? { fastingMinMmolL: target.fastingMinMmolL, fastingBelowMmolL: target.fastingBelowMmolL } : { nonFastingBelowMmolL: target.nonFastingBelowMmolL },
          urgent: urgency.urgent,
          urgentReasons: urgency.reasons,
          advice: urgency.advice,
          warnings: checked.warnings.filter((w) => !isWarningCoveredByUrgency(w.code, urgency.reasons)),
          derived: { hypoglycaemiaLevel: hypoglycaemiaLevel(body.glucoseMmolL) },
        },
      };
    }
    case 'lipids': {
      const values = {
        totalCholesterolMmolL: body.totalCholesterolMmolL,
        triglyceridesMmolL: body.triglyceridesMmolL,
        ldlCholesterolMmolL: body.ldlCholesterolMmolL,
        hdlCholesterolMmolL: body.hdlCholesterolMmolL,
      };
      const checked = plausibility(values);
      if (base.errors.length + checked.errors.length > 0) return { ok: false, issues: [...base.errors, ...checked.errors] };
      const target = context.targets.lipids;
      const nonHdl = values.totalCholesterolMmolL !== undefined && values.hdlCholesterolMmolL !== undefined ? nonHdlCholesterol(values.totalCholesterolMmolL, values.hdlCholesterolMmolL) : null;
      const derived: Record<string, number | string | null> = { nonHdlCholesterolMmolL: nonHdl };
      for (const analyte of ['totalCholesterolMmolL', 'triglyceridesMmolL', 'ldlCholesterolMmolL', 'hdlCholesterolMmolL'] as const) {
        const value = values[analyte];
        derived[`${analyte}Grade`] = value === undefined ? null : gradeLipid(analyte, value);
      }
      let atTarget: boolean | null = null;
      const baseline = context.baselineLdlCholesterolMmolL;
      if (values.ldlCholesterolMmolL !== undefined) atTarget = isLdlAtTarget({ ldlCholesterolMmolL: values.ldlCholesterolMmolL, ...(baseline !== null ? { baselineLdlCholesterolMmolL: baseline } : {}) }, target);
      else if (nonHdl !== null) atTarget = isNonHdlAtTarget(nonHdl, target);
      const grade = (derived.ldlCholesterolMmolLGrade ?? derived.totalCholesterolMmolLGrade ?? derived.triglyceridesMmolLGrade ?? derived.hdlCholesterolMmolLGrade) as string | null;
      return {
        ok: true,
        values: Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)),
        assessment: {
          grade,
          atTarget,
          target: { ldlBelowMmolL: target.ldlBelowMmolL, nonHdlBelowMmolL: target.nonHdlBelowMmolL, riskLevel: target.riskLevel },
          urgent: false,
          urgentReasons: [],
          advice: [],
          warnings: checked.warnings,
          derived,
        },
      };
    }
    case 'hcy': {
      const checked = plausibility({ hcyUmolL: body.hcyUmolL });
      if (base.errors.length + checked.errors.length > 0) return { ok: false, issues: [...base.errors, ...checked.errors] };
      const classification = classifyHcy(body.hcyUmolL);
      const isHType = isHTypeHypertension({ hasHypertension: context.conditions.includes('hypertension'), latestHcyUmolL: body.hcyUmolL });
      const target = resolveHcyTarget({ isHType });
      return {
        ok: true,
        values: { hcyUmolL: body.hcyUmolL },
        assessment: {
          grade: classification.severity,
          atTarget: isHcyAtTarget(body.hcyUmolL, target),
          target: { ...target },
          urgent: false,
          urgentReasons: [],
          advice: [],
          warnings: checked.warnings,
          derived: { hTypeHypertension: isHType, hyperhomocysteinaemia: classification.hyperhomocysteinaemia },
        },
      };
    }
    case 'weight': {
      const heightCm = body.heightCm ?? context.heightCm ?? undefined;
      const checked = plausibility({ weightKg: body.weightKg, heightCm });
      if (base.errors.length + checked.errors.length > 0) return { ok: false, issues: [...base.errors, ...checked.errors] };
      const bmi = heightCm === undefined ? null : computeBmi(body.weightKg, heightCm);
      const category = bmi === null ? null : bmiCategory(bmi);
      return {
        ok: true,
        values: { weightKg: body.weightKg, heightCm: heightCm ?? null, bmi },
        assessment: {
          grade: category,
          atTarget: category === null ? null : category === 'normal',
          target: { ...NORMAL_BMI },
          urgent: false,
          urgentReasons: [],
          advice: [],
          warnings: checked.warnings,
          derived: { bmi },
        },
      };
    }
  }
}

/** The one value per reading a chart or a CSV row shows, and the field it came from. */
export function headlineOf(measure: string, values: Record<string, unknown>): Partial<Record<PlausibilityField | 'bmi', number>> {
  switch (measure) {
    case 'bp': {
      const mean = values.mean as { systolicMmHg: number; diastolicMmHg: number; heartRateBpm?: number };
      return { systolicMmHg: mean.systolicMmHg, diastolicMmHg: mean.diastolicMmHg, ...(mean.heartRateBpm !== undefined ? { heartRateBpm: mean.heartRateBpm } : {}) };
    }
    case 'glucose':
      return { glucoseMmolL: values.glucoseMmolL as number };
    case 'weight':
      return { weightKg: values.weightKg as number, ...(typeof values.bmi === 'number' ? { bmi: values.bmi } : {}) };
    default:
      return values as Partial<Record<PlausibilityField, number>>;
  }
}
