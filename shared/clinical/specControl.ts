import { isBpAtTarget, type BpLimit, type BpValue } from './bloodPressure';
import { assertFinite, isBelow } from './decimal';

/**
 * The national spec's 控制满意 (国家基本公共卫生服务规范 第三版; docs/clinical-rules.md §5.4, §5.6): the
 * thresholds of the follow-up classification and of the programme's 控制率 KPI. They are the spec's
 * own, never the resident's clinical target (docs/clinical-rules.md §9, conflict 1: each resident
 * has a clinical target; the spec's 控制率 is computed separately with its own rule).
 */
export const SPEC_CONTROL = {
  bp: {
    general: { systolicBelowMmHg: 140, diastolicBelowMmHg: 90 }, // SPEC-HTN [S]: not controlled at ≥140/90
    elderly: {
      fromAgeYears: 65, // spec footnote [BK]; docs/clinical-rules.md §5.6
      limit: { systolicBelowMmHg: 150, diastolicBelowMmHg: 90 }, // spec footnote [BK]: <150/90 at ≥65
    },
  },
  fastingGlucoseBelowMmolL: 7.0, // WYJK [S2]: 控制满意 FPG <7.0; SPEC-DM: not controlled at ≥7.0
} as const satisfies { bp: { general: BpLimit; elderly: { fromAgeYears: number; limit: BpLimit } }; fastingGlucoseBelowMmolL: number };

/** The spec's BP limit for a patient of this age on the day of the measurement. */
export function specBpLimit(ageYears: number): BpLimit {
  assertFinite(ageYears);
  return ageYears >= SPEC_CONTROL.bp.elderly.fromAgeYears ? SPEC_CONTROL.bp.elderly.limit : SPEC_CONTROL.bp.general;
}

export function isBpControlledBySpec(bp: BpValue, ageYears: number): boolean {
  return isBpAtTarget(bp, specBpLimit(ageYears));
}

export function isFastingGlucoseControlledBySpec(fastingGlucoseMmolL: number): boolean {
  assertFinite(fastingGlucoseMmolL);
  return isBelow(fastingGlucoseMmolL, SPEC_CONTROL.fastingGlucoseBelowMmolL);
}
