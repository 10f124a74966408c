import { isAtLeast, isAtMost } from './decimal';

/**
 * Values that need attention now (docs/clinical-rules.md §1.4, §2): the spec's urgent-referral thresholds.
 * The app's response is a proposal, not a guideline rule: re-measure after 5 minutes' rest; if
 * confirmed, alert the team; with symptoms, call 120.
 */

export const URGENT_THRESHOLDS = {
  systolicAtLeastMmHg: 180, // SPEC-HTN [S]; G25 §5.4.6 [S]
  diastolicAtLeastMmHg: 110, // SPEC-HTN [S]; G25 §5.4.6 [S]
  glucoseAtLeastMmolL: 16.7, // SPEC-DM [S2]
  glucoseAtMostMmolL: 3.9, // SPEC-DM [S2]: "≤3.9", inclusive, unlike hypoglycaemia's <3.9
} as const;

export type UrgentReasonCode = 'bp_systolic_urgent' | 'bp_diastolic_urgent' | 'glucose_urgent_high' | 'glucose_urgent_low';

export type UrgencyInput = { systolicMmHg?: number; diastolicMmHg?: number; glucoseMmolL?: number };

export type UrgencyResult = { urgent: boolean; reasons: UrgentReasonCode[]; advice: string[] };

/** Advice lines shown at once, in this order; wording for clinical review before release [P]. */
export const URGENT_ADVICE = {
  remeasureBp: '请静坐休息5分钟后再测量一次血压。',
  remeasureGlucose: '请洗净双手、休息5分钟后再测一次血糖。',
  // Low glucose is treated before it is re-measured (15 g fast sugar, re-test after 15 min) [BK]:
  // resting 5 minutes first would only delay treatment.
  treatLowGlucose: '血糖偏低：请立即吃几块糖或喝半杯含糖饮料（约15克糖），15分钟后再测一次血糖。',
  seekCare: '复测仍然异常，请尽快就医或联系您的家庭医生。',
  call120: '如伴有胸痛、胸闷气短、剧烈头痛、意识模糊、言语不清、肢体无力、恶心呕吐等症状，请立即拨打120。',
} as const;

/** Pure rule on the values given; absent values are simply not judged. Inputs are assumed plausible. */
export function assessUrgency({ systolicMmHg, diastolicMmHg, glucoseMmolL }: UrgencyInput): UrgencyResult {
  const reasons: UrgentReasonCode[] = [];
  if (systolicMmHg !== undefined && systolicMmHg >= URGENT_THRESHOLDS.systolicAtLeastMmHg) reasons.push('bp_systolic_urgent');
  if (diastolicMmHg !== undefined && diastolicMmHg >= URGENT_THRESHOLDS.diastolicAtLeastMmHg) reasons.push('bp_diastolic_urgent');
  if (glucoseMmolL !== undefined && isAtLeast(glucoseMmolL, URGENT_THRESHOLDS.glucoseAtLeastMmolL)) reasons.push('glucose_urgent_high');
  if (glucoseMmolL !== undefined && isAtMost(glucoseMmolL, URGENT_THRESHOLDS.glucoseAtMostMmolL)) reasons.push('glucose_urgent_low');

  if (reasons.length === 0) return { urgent: false, reasons, advice: [] };

  const advice: string[] = [];
  if (reasons.includes('glucose_urgent_low')) advice.push(URGENT_ADVICE.treatLowGlucose);
  if (reasons.includes('bp_systolic_urgent') || reasons.includes('bp_diastolic_urgent')) advice.push(URGENT_ADVICE.remeasureBp);
  if (reasons.includes('glucose_urgent_high')) advice.push(URGENT_ADVICE.remeasureGlucose);
  advice.push(URGENT_ADVICE.seekCare, URGENT_ADVICE.call120);
  return { urgent: true, reasons, advice };
}
