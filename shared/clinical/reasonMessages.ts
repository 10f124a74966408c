import type { BpSessionMeanFailureReason } from './bloodPressure';
import {
  PLAUSIBILITY_CODE_STEMS,
  PLAUSIBLE_RANGES,
  PLAUSIBILITY_WARNING_RULES,
  PULSE_PRESSURE_WARNING_MMHG,
  type PlausibilityCodeStem,
  type PlausibilityErrorCode,
  type PlausibilityField,
  type PlausibilityWarningCode,
} from './plausibility';
import { URGENT_THRESHOLDS, type UrgentReasonCode } from './urgent';

export type ClinicalReasonCode =
  | PlausibilityErrorCode
  | PlausibilityWarningCode
  | UrgentReasonCode
  | BpSessionMeanFailureReason;

/** How each field is named to residents, and its unit as printed after a number. */
export const CLINICAL_FIELD_LABELS: Readonly<Record<PlausibilityField, { label: string; unit: string }>> = {
  systolicMmHg: { label: '收缩压（高压）', unit: ' mmHg' },
  diastolicMmHg: { label: '舒张压（低压）', unit: ' mmHg' },
  heartRateBpm: { label: '心率', unit: ' 次/分' },
  glucoseMmolL: { label: '血糖', unit: ' mmol/L' },
  hba1cPercent: { label: '糖化血红蛋白', unit: '%' },
  hcyUmolL: { label: '同型半胱氨酸', unit: ' μmol/L' },
  totalCholesterolMmolL: { label: '总胆固醇', unit: ' mmol/L' },
  triglyceridesMmolL: { label: '甘油三酯', unit: ' mmol/L' },
  ldlCholesterolMmolL: { label: '低密度脂蛋白胆固醇', unit: ' mmol/L' },
  hdlCholesterolMmolL: { label: '高密度脂蛋白胆固醇', unit: ' mmol/L' },
  weightKg: { label: '体重', unit: ' kg' },
  heightCm: { label: '身高', unit: ' cm' },
  waistCm: { label: '腰围', unit: ' cm' },
  egfrMlPerMin: { label: '估算肾小球滤过率（eGFR）', unit: ' mL/min/1.73㎡' },
  uacrMgPerG: { label: '尿白蛋白/肌酐比值', unit: ' mg/g' },
};

type RangeCode = `${PlausibilityCodeStem}_not_a_number` | `${PlausibilityCodeStem}_out_of_range`;

// Range messages are built from PLAUSIBLE_RANGES so a changed limit changes its message too.
function buildRangeMessages(): Record<RangeCode, string> {
  const messages: Partial<Record<RangeCode, string>> = {};
  for (const field of Object.keys(PLAUSIBLE_RANGES) as PlausibilityField[]) {
    const stem = PLAUSIBILITY_CODE_STEMS[field];
    const { min, max, minExclusive } = PLAUSIBLE_RANGES[field];
    const { label, unit } = CLINICAL_FIELD_LABELS[field];
    messages[`${stem}_not_a_number`] = `请填写${label}的数值`;
    messages[`${stem}_out_of_range`] = minExclusive
      ? `${label}应大于${min}${unit}且不超过${max}${unit}，请核对后重新填写`
      : `${label}应在${min}–${max}${unit}之间，请核对后重新填写`;
  }
  return messages as Record<RangeCode, string>;
}

function warningThreshold(code: PlausibilityWarningCode): number {
  const rule = PLAUSIBILITY_WARNING_RULES.find((candidate) => candidate.code === code);
  if (!rule) throw new RangeError(`no warning rule for ${code}`);
  return rule.threshold;
}

/** The Chinese text for every clinical reason code; the server and the mini-program share it. */
export const clinicalReasonMessages: Record<ClinicalReasonCode, string> = {
  ...buildRangeMessages(),
  systolic_not_whole_number: '收缩压（高压）请填写整数',
  diastolic_not_whole_number: '舒张压（低压）请填写整数',
  heart_rate_not_whole_number: '心率请填写整数',
  systolic_not_above_diastolic: '收缩压（高压）应高于舒张压（低压），请检查是否填反',
  measured_at_invalid: '测量时间无效，请重新选择',
  measured_at_in_future: '测量时间不能晚于现在，请重新选择',

  systolic_low: `收缩压低于${warningThreshold('systolic_low')} mmHg，请确认读数；如有头晕乏力请及时就医`,
  systolic_high: `收缩压达到${warningThreshold('systolic_high')} mmHg或以上，请确认读数`,
  diastolic_low: `舒张压低于${warningThreshold('diastolic_low')} mmHg，请确认读数`,
  diastolic_high: `舒张压达到${warningThreshold('diastolic_high')} mmHg或以上，请确认读数`,
  pulse_pressure_narrow: `高压与低压相差不到${PULSE_PRESSURE_WARNING_MMHG.narrowBelow} mmHg，请确认读数`,
  pulse_pressure_wide: `高压与低压相差超过${PULSE_PRESSURE_WARNING_MMHG.wideAbove} mmHg，请确认读数`,
  heart_rate_low: `心率低于${warningThreshold('heart_rate_low')}次/分，请确认读数`,
  heart_rate_high: `心率高于${warningThreshold('heart_rate_high')}次/分，请确认读数`,
  glucose_low: `血糖低于${warningThreshold('glucose_low')} mmol/L，请确认读数`,
  glucose_high: `血糖达到${warningThreshold('glucose_high')} mmol/L或以上，请确认读数`,
  hba1c_high: `糖化血红蛋白高于${warningThreshold('hba1c_high')}%，请确认结果`,
  hcy_high: `同型半胱氨酸高于${warningThreshold('hcy_high')} μmol/L，请确认结果`,
  triglycerides_high: `甘油三酯达到${warningThreshold('triglycerides_high')} mmol/L或以上，请确认结果并咨询医生`,

  bp_systolic_urgent: `收缩压（高压）达到${URGENT_THRESHOLDS.systolicAtLeastMmHg} mmHg或以上`,
  bp_diastolic_urgent: `舒张压（低压）达到${URGENT_THRESHOLDS.diastolicAtLeastMmHg} mmHg或以上`,
  glucose_urgent_high: `血糖达到${URGENT_THRESHOLDS.glucoseAtLeastMmolL} mmol/L或以上`,
  glucose_urgent_low: `血糖在${URGENT_THRESHOLDS.glucoseAtMostMmolL} mmol/L或以下`,

  bp_session_reading_count_invalid: '每次请测量2–3遍血压后再保存',
  bp_session_reading_not_whole_number: '血压和心率请填写整数',
};
