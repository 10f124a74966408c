import { gradeLabels } from '../../shared/clinical/labels';
import type { ReadingMeasure } from './readingForms';

/**
 * How a reading reads, wherever it is shown (the result card, the history list, 首页, the doctor's
 * resident screen): grade tones and colours, the headline value, units and the target in words.
 * Pure; unit-tested in test/unit/miniapp.
 */
export { gradeLabels };

/** good (green) · watch (amber) · high (orange-red) · urgent (red); text always says it too. */
export type GradeTone = 'good' | 'watch' | 'high' | 'urgent' | 'none';

const toneOfGrade: Record<string, GradeTone> = {
  normal: 'good',
  ideal: 'good',
  acceptable: 'good',
  none: 'good',
  highNormal: 'watch',
  grade1: 'watch',
  impaired: 'watch',
  borderlineHigh: 'watch',
  mild: 'watch',
  underweight: 'watch',
  overweight: 'watch',
  low: 'watch',
  grade2: 'high',
  grade3: 'high',
  diabeticRange: 'high',
  high: 'high',
  moderate: 'high',
  severe: 'high',
  obese: 'high',
};

export function gradeTone(grade: string | null, urgent: boolean): GradeTone {
  if (urgent) return 'urgent';
  if (!grade) return 'none';
  return toneOfGrade[grade] ?? 'none';
}

/** The grade in Chinese ("3级高血压"), its code when no label is known, null when not graded. */
export function gradeTextOf(grade: string | null): string | null {
  return grade ? (gradeLabels[grade] ?? grade) : null;
}

export const toneColors: Record<GradeTone, string> = { good: '#1d6b2f', watch: '#9a5b00', high: '#c2410c', urgent: '#a8201a', none: '#4a4a4a' };

/** A finite number, or null: values and targets are loose records (`{ setting: 'home', … }`). */
export const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** A saved BP session keeps its 2–3 readings and their `mean`; history points carry the mean flat. */
function bpHeadline(values: Record<string, unknown>): Record<string, unknown> {
  const mean = values['mean'];
  return typeof mean === 'object' && mean !== null && !Array.isArray(mean) ? (mean as Record<string, unknown>) : values;
}

/** The headline values of a reading as the resident reads them: "184/111", "6.4", "65.5". */
export function valueTextOf(measure: ReadingMeasure, values: Record<string, unknown>): string {
  switch (measure) {
    case 'bp': {
      const mean = bpHeadline(values);
      return `${num(mean['systolicMmHg']) ?? '–'}/${num(mean['diastolicMmHg']) ?? '–'}`;
    }
    case 'glucose':
      return String(num(values['glucoseMmolL']) ?? '–');
    case 'weight':
      return String(num(values['weightKg']) ?? '–');
    case 'hcy':
      return String(num(values['hcyUmolL']) ?? '–');
    case 'lipids': {
      const parts: string[] = [];
      if (num(values['ldlCholesterolMmolL']) !== null) parts.push(`LDL-C ${num(values['ldlCholesterolMmolL'])}`);
      if (num(values['totalCholesterolMmolL']) !== null) parts.push(`总胆固醇 ${num(values['totalCholesterolMmolL'])}`);
      if (num(values['triglyceridesMmolL']) !== null) parts.push(`甘油三酯 ${num(values['triglyceridesMmolL'])}`);
      if (num(values['hdlCholesterolMmolL']) !== null) parts.push(`HDL-C ${num(values['hdlCholesterolMmolL'])}`);
      return parts.join('，') || '–';
    }
  }
}

export const measureUnits: Record<ReadingMeasure, string> = { bp: 'mmHg', glucose: 'mmol/L', weight: 'kg', lipids: 'mmol/L', hcy: 'μmol/L' };

/** The target the way a person reads it: "目标：低于 135/85". */
export function targetText(measure: ReadingMeasure, target: Record<string, unknown> | null): string | null {
  if (!target) return null;
  switch (measure) {
    case 'bp': {
      const s = num(target['systolicBelowMmHg']);
      const d = num(target['diastolicBelowMmHg']);
      return s !== null && d !== null ? `目标：低于 ${s}/${d}` : null;
    }
    case 'glucose': {
      const min = num(target['fastingMinMmolL']);
      const max = num(target['fastingBelowMmolL']);
      const below = num(target['nonFastingBelowMmolL']);
      return min !== null && max !== null ? `目标：空腹 ${min}–${max}${below !== null ? `，餐后低于 ${below}` : ''}` : null;
    }
    case 'hcy': {
      const below = num(target['belowUmolL']);
      return below !== null ? `目标：低于 ${below}` : null;
    }
    case 'lipids': {
      const ldl = num(target['ldlBelowMmolL']);
      return ldl !== null ? `目标：LDL-C 低于 ${ldl}` : null;
    }
    case 'weight':
      return null;
  }
}

/** "达标" / "未达标", or nothing when the reading was not judged against a target. */
export function atTargetTextOf(atTarget: boolean | null): string | null {
  return atTarget === null ? null : atTarget ? '达标' : '未达标';
}
