import { screeningRiskReasons, type ScreeningValues } from '../../../../shared/clinical';

/** SPEC-HTN [S] (docs/clinical-rules.md §5.1): 血压高值 130–139/85–89, BMI ≥24, waist ≥90 (men) / ≥85 (women). */
describe('screeningRiskReasons', () => {
  const man = (over: Partial<ScreeningValues>): ScreeningValues => ({ sex: 'male', ...over });
  test.each<[string, ScreeningValues, string[]]>([
    ['129/84 → none', man({ systolicMmHg: 129, diastolicMmHg: 84 }), []],
    ['130/80 → high-normal', man({ systolicMmHg: 130, diastolicMmHg: 80 }), ['bpHighNormal']],
    ['120/85 → high-normal', man({ systolicMmHg: 120, diastolicMmHg: 85 }), ['bpHighNormal']],
    ['139/89 → high-normal', man({ systolicMmHg: 139, diastolicMmHg: 89 }), ['bpHighNormal']],
    ['140/85 → hypertensive range, not this rule', man({ systolicMmHg: 140, diastolicMmHg: 85 }), []],
    ['135/90 → hypertensive range', man({ systolicMmHg: 135, diastolicMmHg: 90 }), []],
    ['BMI 23.9 → none', man({ bmi: 23.9 }), []],
    ['BMI 24.0 → overweight', man({ bmi: 24.0 }), ['bmiAtLeast24']],
    ['man, waist 89 → none', man({ waistCm: 89 }), []],
    ['man, waist 90 → central obesity', man({ waistCm: 90 }), ['waistAtLeast90Or85']],
    ['woman, waist 85 → central obesity', { sex: 'female', waistCm: 85 }, ['waistAtLeast90Or85']],
    ['woman, waist 84.9 → none', { sex: 'female', waistCm: 84.9 }, []],
    ['all three', man({ systolicMmHg: 132, diastolicMmHg: 86, bmi: 26.1, waistCm: 95 }), ['bpHighNormal', 'bmiAtLeast24', 'waistAtLeast90Or85']],
  ])('%s', (_case, values, expected) => {
    expect(screeningRiskReasons(values)).toEqual(expected);
  });
});
