import type { ReadingMeasure } from './readingForms';
import { num, type GradeTone } from './readingDisplay';

/** What the trend chart draws for a measure: its series, the target zones and each dot's colour. */
export interface HistorySeries {
  key: string;
  label: string;
}

export interface TargetBand {
  /** Values inside [fromValue, toValue) are at target. */
  fromValue: number;
  toValue: number;
  label: string;
}

/**
 * What a chart dot says. The legend promises "green = 达标", so a reading at the resident's target
 * is green even when its grade is 正常高值 (issue 14: 达标 points were drawn amber).
 */
export function chartToneOf(atTarget: boolean | null, gradeToneValue: GradeTone): GradeTone {
  if (gradeToneValue === 'urgent') return 'urgent';
  if (atTarget === true) return 'good';
  if (atTarget === false) return gradeToneValue === 'high' ? 'high' : 'watch';
  return gradeToneValue;
}

export function seriesOf(measure: ReadingMeasure): HistorySeries[] {
  switch (measure) {
    case 'bp':
      return [
        { key: 'systolicMmHg', label: '高压' },
        { key: 'diastolicMmHg', label: '低压' },
      ];
    case 'glucose':
      return [{ key: 'glucoseMmolL', label: '血糖' }];
    case 'weight':
      return [{ key: 'weightKg', label: '体重' }];
    case 'hcy':
      return [{ key: 'hcyUmolL', label: '同型半胱氨酸' }];
    case 'lipids':
      return [
        { key: 'ldlCholesterolMmolL', label: 'LDL-C' },
        { key: 'totalCholesterolMmolL', label: '总胆固醇' },
      ];
  }
}

/** The target zone(s) drawn behind the points. */
export function bandsOf(measure: ReadingMeasure, target: Record<string, unknown> | null): TargetBand[] {
  if (!target) return [];
  switch (measure) {
    case 'bp': {
      const s = num(target['systolicBelowMmHg']);
      const d = num(target['diastolicBelowMmHg']);
      // Lower edges: below these a home reading is low (docs/clinical-rules.md §8 soft warnings).
      return [...(s !== null ? [{ fromValue: 90, toValue: s, label: `高压 <${s}` }] : []), ...(d !== null ? [{ fromValue: 50, toValue: d, label: `低压 <${d}` }] : [])];
    }
    case 'glucose': {
      const min = num(target['fastingMinMmolL']);
      const max = num(target['fastingBelowMmolL']);
      return min !== null && max !== null ? [{ fromValue: min, toValue: max, label: `空腹 ${min}–${max}` }] : [];
    }
    case 'hcy': {
      const below = num(target['belowUmolL']);
      return below !== null ? [{ fromValue: 0, toValue: below, label: `<${below}` }] : [];
    }
    case 'lipids': {
      const ldl = num(target['ldlBelowMmolL']);
      return ldl !== null ? [{ fromValue: 0, toValue: ldl, label: `LDL-C <${ldl}` }] : [];
    }
    case 'weight':
      return [];
  }
}
