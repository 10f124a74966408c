import type { Sex } from './chinaPar';
import { isAtLeast } from './decimal';

/**
 * Screening follow-up (docs/clinical-rules.md §5.1; 国家基本公共卫生服务规范 第三版, 高血压筛查, SPEC-HTN [S]):
 * a resident without hypertension whose screening shows a risk — BP in the spec's 血压高值 band
 * (SBP 130–139 and/or DBP 85–89), BMI ≥24, or waist ≥90 cm (men) / ≥85 cm (women) — is re-measured
 * every 6 months. The spec's other risks (family history of hypertension, high salt, ≥100 ml spirits
 * a day, age ≥55) are not recorded by the screening form, so they do not trigger it here.
 * A BP of 140/90 or more is not "high-normal": it starts the diagnostic re-checks instead.
 */
export type ScreeningRiskReason = 'bpHighNormal' | 'bmiAtLeast24' | 'waistAtLeast90Or85';

export const SCREENING_RISK_THRESHOLDS = {
  bpHighNormal: { systolicFromMmHg: 130, diastolicFromMmHg: 85, systolicBelowMmHg: 140, diastolicBelowMmHg: 90 }, // SPEC-HTN [S]: 130–139/85–89
  bmiAtLeast: 24, // SPEC-HTN [S]: 超重或肥胖 BMI ≥24
  waistAtLeastCm: { male: 90, female: 85 } satisfies Record<Sex, number>, // SPEC-HTN [S]: 腰围 男≥90、女≥85
  recheckAfterMonths: 6, // SPEC-HTN [S]: 高危人群每半年至少测量1次血压
} as const;

export interface ScreeningValues {
  sex: Sex;
  systolicMmHg?: number | null | undefined;
  diastolicMmHg?: number | null | undefined;
  bmi?: number | null | undefined;
  waistCm?: number | null | undefined;
}

export function screeningRiskReasons(v: ScreeningValues): ScreeningRiskReason[] {
  const t = SCREENING_RISK_THRESHOLDS;
  const reasons: ScreeningRiskReason[] = [];
  if (typeof v.systolicMmHg === 'number' && typeof v.diastolicMmHg === 'number') {
    const hypertensive = v.systolicMmHg >= t.bpHighNormal.systolicBelowMmHg || v.diastolicMmHg >= t.bpHighNormal.diastolicBelowMmHg;
    const highNormal = v.systolicMmHg >= t.bpHighNormal.systolicFromMmHg || v.diastolicMmHg >= t.bpHighNormal.diastolicFromMmHg;
    if (highNormal && !hypertensive) reasons.push('bpHighNormal');
  }
  if (typeof v.bmi === 'number' && isAtLeast(v.bmi, t.bmiAtLeast)) reasons.push('bmiAtLeast24');
  if (typeof v.waistCm === 'number' && isAtLeast(v.waistCm, t.waistAtLeastCm[v.sex])) reasons.push('waistAtLeast90Or85');
  return reasons;
}
