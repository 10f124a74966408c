// The follow-up form's BMI and the one the service stores come from the one shared rule
// (shared/clinical/bmi.ts: one decimal, half up, on integers). Floats gave 18.7 for 48 kg at 160 cm,
// whose BMI is exactly 18.75 → 18.8 (WS/T 428-2013 defines BMI = kg/m²; rounding half up to 0.1).
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: {} }));
jest.mock('../../../miniapp/platform', () => ({ platform: { kind: 'h5' } }));

import { computeBmi } from '../../../shared/clinical';
import { withArchiveBmi, type StaffFollowUpBody } from '../../../server/followups/staffDesk';
import { bmiOf } from '../../../miniapp/services/followUpForm';

const cases: [weightKg: number, heightCm: number, bmi: number][] = [
  [48, 160, 18.8], // 18.75 exactly; the float formula gave 18.7
  [70, 175, 22.9], // 22.857…
  [72.9, 180, 22.5], // exactly 22.5
  [45.8, 200, 11.5], // 11.45 exactly → up
  [45.7, 200, 11.4], // 11.425
  [60, 160, 23.4], // 23.4375
];

describe('follow-up BMI: form and service use the shared rule', () => {
  test.each(cases)('%f kg at %f cm → %f', (weightKg, heightCm, bmi) => {
    expect(computeBmi(weightKg, heightCm)).toBe(bmi);
    expect(bmiOf(weightKg, heightCm)).toBe(bmi);
    const body = { signs: { weightKg: { now: weightKg, target: weightKg }, bmi: { now: 99.9, target: 1 } } } as unknown as StaffFollowUpBody;
    expect(withArchiveBmi(body, heightCm).signs.bmi).toEqual({ now: bmi, target: bmi });
  });

  test.each<[number | undefined, number | null]>([
    [undefined, 160],
    [Number.NaN, 160],
    [0, 160],
    [60, null],
    [60, 0],
  ])('no BMI for %p kg at %p cm', (weightKg, heightCm) => {
    expect(bmiOf(weightKg, heightCm)).toBeNull();
  });

  test('the service drops a BMI it cannot compute (no height on the archive) instead of storing the client’s', () => {
    const body = { signs: { systolicMmHg: 130, weightKg: { now: 60 }, bmi: { now: 30 } } } as unknown as StaffFollowUpBody;
    expect(withArchiveBmi(body, null).signs).toEqual({ systolicMmHg: 130, weightKg: { now: 60 } });
    expect(withArchiveBmi(body, 160).signs.bmi).toEqual({ now: 23.4 });
  });
});
