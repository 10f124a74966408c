import { conditionLabels } from './records';

// Names and small labels the doctor's and the specialist's screens share.

/** 王建国 → 王*国, 张三 → 张*, 欧阳娜娜 → 欧**娜; Latin names keep their first letter. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

const sexLabels: Record<string, string> = { male: '男', female: '女' };

export function sexAgeText(sex: string | null | undefined, ageYears: number | null | undefined): string | null {
  const parts = [sex ? sexLabels[sex] : undefined, typeof ageYears === 'number' && Number.isFinite(ageYears) ? `${ageYears}岁` : undefined].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : null;
}

export const shortConditionLabels: Record<string, string> = { hypertension: '高血压', hyperglycemia: '糖尿病', dyslipidemia: '血脂异常', hyperhomocysteinemia: '高Hcy' };

export function conditionsText(conditions: readonly string[]): string {
  return conditions.length > 0 ? conditions.map((c) => shortConditionLabels[c] ?? conditionLabels[c] ?? c).join('、') : '暂无四高诊断';
}
