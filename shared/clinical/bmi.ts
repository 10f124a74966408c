import { divideRoundHalfUp, gradeByBands, type Band } from './decimal';

/** Body-mass index for adults, kg/m², shown to one decimal. */

export type BmiCategory = 'underweight' | 'normal' | 'overweight' | 'obese';

export const ADULT_BMI_CATEGORY_BANDS: readonly Band<BmiCategory>[] = [
  { grade: 'underweight', below: 18.5 }, // WS/T 428-2013 [BK]: <18.5
  { grade: 'normal', below: 24.0 }, // WS/T 428-2013 [BK]: 18.5–<24.0
  { grade: 'overweight', below: 28.0 }, // WS/T 428-2013 [BK]: 24.0–<28.0
  { grade: 'obese', below: Infinity }, // WS/T 428-2013 [BK]: ≥28.0
];

/**
 * BMI rounded half up to one decimal. Weight and height are taken to 0.1 kg and 0.1 cm (what scales
 * and stadiometers show) and the arithmetic is on integers:
 * BMI × 10 = weightTenthsKg × 10^6 / heightTenthsCm², so 22.85 cannot come out as 22.8.
 * Non-positive or non-finite input throws: plausibility checks run first.
 */
export function computeBmi(weightKg: number, heightCm: number): number {
  if (!(Number.isFinite(weightKg) && weightKg > 0 && Number.isFinite(heightCm) && heightCm > 0)) {
    throw new RangeError(`weight and height must be positive numbers, got ${weightKg} kg, ${heightCm} cm`);
  }
  const weightTenthsKg = Math.round(weightKg * 10);
  const heightTenthsCm = Math.round(heightCm * 10);
  return divideRoundHalfUp(weightTenthsKg * 1_000_000, heightTenthsCm * heightTenthsCm) / 10;
}

/** Categorises the one-decimal BMI the resident sees, so the label always matches the number. */
export function bmiCategory(bmi: number): BmiCategory {
  return gradeByBands(bmi, ADULT_BMI_CATEGORY_BANDS);
}
