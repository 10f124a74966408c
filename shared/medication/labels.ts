/** Plain-Chinese words for doses and plans, shared by the service (reminders) and the mini-program. */

export const skipReasons = ['forgot', 'unwell', 'ranOut', 'doctorAdvised', 'other'] as const;
export type SkipReason = (typeof skipReasons)[number];

export const skipReasonLabels: Record<SkipReason, string> = {
  forgot: '忘记了',
  unwell: '身体不舒服',
  ranOut: '药吃完了',
  doctorAdvised: '医生让停药',
  other: '其他原因',
};

export const planConditionLabels: Record<string, string> = {
  hypertension: '高血压',
  hyperglycemia: '高血糖',
  dyslipidemia: '高血脂',
  hyperhomocysteinemia: '高同型半胱氨酸',
  other: '其他',
};

/** "07:30" → "早上 07:30": the part of the day first, then the 24-hour clock (shared/vocabulary/dates.ts). */
export function timeOfDayText(time: string): string {
  const h = Number(time.slice(0, 2));
  const part = h < 5 ? '凌晨' : h < 9 ? '早上' : h < 11 ? '上午' : h < 13 ? '中午' : h < 18 ? '下午' : '晚上';
  return `${part} ${time}`;
}
