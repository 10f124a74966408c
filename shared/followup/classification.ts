import { isBpControlledBySpec, isFastingGlucoseControlledBySpec } from '../clinical/specControl';
import type { FollowUpClassification } from './dueEngine';

/**
 * 此次随访分类 when the form leaves it empty (docs/clinical-rules.md §5.4), derived from what the form
 * recorded, so an uncontrolled visit can never pass as 控制满意 and miss its 2-week re-follow-up:
 * - an adverse drug reaction recorded (药物不良反应: 有) → 不良反应. The form note (DMF [S]) says to
 *   record the most severe when several apply, and the options run 控制满意 < 控制不满意 < 不良反应 <
 *   并发症, so it wins over an uncontrolled value;
 * - 高血压 form: the office BP against the spec's 控制满意 (<140/90, <150/90 at ≥65: SPEC-HTN [S],
 *   spec footnote [BK]) → 控制满意 / 控制不满意;
 * - 2型糖尿病 form: FPG <7.0 (WYJK [S2]) → 控制满意 / 控制不满意;
 * - nothing to judge (no value of the form's measure) → null: the visit stays unclassified rather
 *   than being called controlled.
 * 并发症 is a clinical judgement the form's values cannot show, so it is never derived.
 */
export interface ClassificationInput {
  form: 'hypertension' | 'diabetes';
  /** Whole years on the day of the visit. */
  ageYears: number;
  systolicMmHg?: number | null | undefined;
  diastolicMmHg?: number | null | undefined;
  fastingGlucoseMmolL?: number | null | undefined;
  adverseReactionPresent: boolean;
}

export function deriveFollowUpClassification(input: ClassificationInput): FollowUpClassification | null {
  if (input.adverseReactionPresent) return 'adverseReaction';
  if (input.form === 'hypertension') {
    const { systolicMmHg, diastolicMmHg } = input;
    if (typeof systolicMmHg !== 'number' || typeof diastolicMmHg !== 'number') return null;
    return isBpControlledBySpec({ systolicMmHg, diastolicMmHg }, input.ageYears) ? 'satisfied' : 'unsatisfied';
  }
  if (typeof input.fastingGlucoseMmolL !== 'number') return null;
  return isFastingGlucoseControlledBySpec(input.fastingGlucoseMmolL) ? 'satisfied' : 'unsatisfied';
}
