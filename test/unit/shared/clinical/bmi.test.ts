import { bmiCategory, computeBmi, type BmiCategory } from '../../../../shared/clinical';

describe('computeBmi (one decimal, half up)', () => {
  test.each([
    [70, 175, 22.9], // 22.857…
    [60, 160, 23.4], // 23.4375
    [50, 158.1, 20.0], // 20.003…
    [80, 170, 27.7], // 27.68…
    [20, 100, 20.0],
    [72.9, 180, 22.5], // exactly 22.5
    [45.7, 200, 11.4], // 11.425 → 11.4 (true value below .45)
    [45.8, 200, 11.5], // 11.45 exactly → rounds up
  ])('%f kg, %f cm → %f', (weightKg, heightCm, bmi) => {
    expect(computeBmi(weightKg, heightCm)).toBe(bmi);
  });

  test.each([
    [0, 170],
    [70, 0],
    [-1, 170],
    [Number.NaN, 170],
    [70, Number.POSITIVE_INFINITY],
  ])('throws for %f kg, %f cm', (weightKg, heightCm) => {
    expect(() => computeBmi(weightKg, heightCm)).toThrow(RangeError);
  });
});

describe('bmiCategory (WS/T 428)', () => {
  test.each<[number, BmiCategory]>([
    [18.4, 'underweight'],
    [18.5, 'normal'],
    [23.9, 'normal'],
    [24.0, 'overweight'],
    [27.9, 'overweight'],
    [28.0, 'obese'],
    [35.2, 'obese'],
  ])('%f → %s', (bmi, category) => {
    expect(bmiCategory(bmi)).toBe(category);
  });

  test('categorises the displayed value: 23.96 shows as 24.0 and is overweight', () => {
    const bmi = computeBmi(69.2, 170); // 23.944… → 23.9
    expect(bmi).toBe(23.9);
    expect(bmiCategory(bmi)).toBe('normal');
    expect(bmiCategory(computeBmi(69.3, 170))).toBe('overweight'); // 23.979… → 24.0
  });
});
