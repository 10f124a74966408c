/**
 * Plain-Chinese labels for measures, timings and grades, shown in the app and printed in exports;
 * one table so the phone, the CSV and the PDF say the same thing.
 */
export const measureLabels = { bp: '血压', glucose: '血糖', weight: '体重', lipids: '血脂', hcy: '同型半胱氨酸' } as const;

export const glucoseTimingLabels = { fasting: '空腹', postprandial2h: '餐后2小时', random: '随机' } as const;

export const gradeLabels: Readonly<Record<string, string>> = {
  normal: '正常',
  highNormal: '正常高值',
  grade1: '1级高血压',
  grade2: '2级高血压',
  grade3: '3级高血压',
  impaired: '血糖受损',
  diabeticRange: '糖尿病范围',
  ideal: '理想',
  acceptable: '合适',
  borderlineHigh: '边缘升高',
  high: '升高',
  low: '降低',
  none: '正常',
  mild: '轻度升高',
  moderate: '中度升高',
  severe: '重度升高',
  underweight: '偏瘦',
  overweight: '超重',
  obese: '肥胖',
};
