import type { PlausibilityWarningCode } from './plausibility';
import type { UrgentReasonCode } from './urgent';

/**
 * What an urgent value means and what to do now, in the words a 70-year-old reads on the spot, a
 * relative reads in a WeChat message and the 首页 banner repeats (docs/clinical-rules.md §1.4, §2).
 *
 * - The headline names the severity, not "偏高": ≥180/≥110 is grade 3 (BPG19 table 1 [S]) and the
 *   spec's urgent-referral threshold (SPEC-HTN [S]); glucose ≥16.7 or ≤3.9 is the spec's urgent
 *   referral (SPEC-DM [S2]).
 * - The steps are the proposed app behaviour of §1.4 (re-measure after 5 minutes' rest; confirmed →
 *   care; symptoms → 120), low glucose treated before it is re-measured [BK].
 * - The 120 symptoms: G25 §7's ambulance list for BP [S]; the spec's urgent-referral list for
 *   glucose (§2, [BK]). Wording for clinical review before release [P].
 */
export interface UrgentPlan {
  /** "血压很高（3级），需要立即处理" */
  headline: string;
  /** Short forms for WeChat message fields (≤ 20 characters each). */
  shortHeadline: string;
  shortAdvice: string;
  /** What to do now, in order. */
  steps: string[];
  /** Any of these → call 120 at once. */
  call120Symptoms: string[];
}

const BP_SYMPTOMS = ['胸痛、胸闷或后背痛', '剧烈头痛', '恶心、呕吐', '说话不清、口角歪斜', '一侧手脚无力或麻木', '看东西模糊', '气短、不能平躺', '意识不清、叫不醒'];
const HIGH_GLUCOSE_SYMPTOMS = ['意识不清或行为反常', '呼气有烂苹果味', '恶心、呕吐、肚子痛', '呼吸又深又快', '心慌、出大汗', '特别口渴、尿特别多'];
const LOW_GLUCOSE_SYMPTOMS = ['意识不清、叫不醒', '抽搐', '吃糖15分钟后仍然心慌、出汗、手抖'];

export const URGENT_STEPS = {
  restAndRemeasureBp: '先坐下休息5分钟，再量一次血压。',
  remeasureGlucose: '洗净双手、休息5分钟后再测一次血糖。',
  eatSugar: '马上吃几块糖或喝半杯含糖饮料（约15克糖），15分钟后再测一次血糖。',
  stillHigh: '复测仍然这么高，请尽快联系家庭医生或去医院。',
  stillLow: '复测仍然偏低，请再吃一次糖，并尽快联系家庭医生或去医院。',
  call120: '有下面任何一种情况，立即拨打120。',
} as const;

/** The plans, one per kind of urgent value. */
const PLANS = {
  glucoseLow: {
    headline: '血糖过低，需要立即处理',
    shortHeadline: '血糖过低，需立即处理',
    shortAdvice: '马上吃糖，15分钟后复测；不适拨120',
    steps: [URGENT_STEPS.eatSugar, URGENT_STEPS.stillLow, URGENT_STEPS.call120],
    call120Symptoms: LOW_GLUCOSE_SYMPTOMS,
  },
  bpHigh: {
    headline: '血压很高（3级），需要立即处理',
    shortHeadline: '血压很高（3级），需立即处理',
    shortAdvice: '休息5分钟后复测；有胸痛等症状拨120',
    steps: [URGENT_STEPS.restAndRemeasureBp, URGENT_STEPS.stillHigh, URGENT_STEPS.call120],
    call120Symptoms: BP_SYMPTOMS,
  },
  glucoseHigh: {
    headline: '血糖很高，需要立即处理',
    shortHeadline: '血糖很高，需立即处理',
    shortAdvice: '休息5分钟后复测；意识不清等拨120',
    steps: [URGENT_STEPS.remeasureGlucose, URGENT_STEPS.stillHigh, URGENT_STEPS.call120],
    call120Symptoms: HIGH_GLUCOSE_SYMPTOMS,
  },
} as const satisfies Record<string, UrgentPlan>;

/** The plan for a reading's urgent reasons, the most pressing first (low glucose); null when nothing is urgent. */
export function urgentPlanOf(reasons: readonly (UrgentReasonCode | string)[]): UrgentPlan | null {
  const plan = reasons.includes('glucose_urgent_low')
    ? PLANS.glucoseLow
    : reasons.includes('bp_systolic_urgent') || reasons.includes('bp_diastolic_urgent')
      ? PLANS.bpHigh
      : reasons.includes('glucose_urgent_high')
        ? PLANS.glucoseHigh
        : null;
  return plan ? { ...plan, steps: [...plan.steps], call120Symptoms: [...plan.call120Symptoms] } : null;
}

/** The soft warnings that only restate an urgent value ("请确认读数"): the urgent plan replaces them. */
const coveredBy: Record<UrgentReasonCode, PlausibilityWarningCode[]> = {
  bp_systolic_urgent: ['systolic_high'],
  bp_diastolic_urgent: ['diastolic_high'],
  glucose_urgent_high: ['glucose_high'],
  glucose_urgent_low: ['glucose_low'],
};

export function isWarningCoveredByUrgency(warningCode: string, reasons: readonly string[]): boolean {
  return reasons.some((reason) => (coveredBy[reason as UrgentReasonCode] ?? []).some((code) => code === warningCode));
}

/** The alert's value as people read it: "184/111 mmHg", "18.2 mmol/L". */
export function urgentValueText(measure: string, values: Readonly<Record<string, number | undefined>>): string {
  if (measure === 'bp') return `${values.systolicMmHg ?? '–'}/${values.diastolicMmHg ?? '–'} mmHg`;
  if (measure === 'glucose') return `${values.glucoseMmolL ?? '–'} mmol/L`;
  return '';
}
