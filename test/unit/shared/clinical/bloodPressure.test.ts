import {
  gradeBloodPressure,
  isBpAtTarget,
  isHomeBpInHypertensiveRange,
  resolveBpTarget,
  sessionMean,
  type BpGrade,
  type BpReading,
} from '../../../../shared/clinical';

describe('gradeBloodPressure (G25 table 2, BPG19 table 1)', () => {
  // [systolic, diastolic, grade, isolatedSystolic, isolatedDiastolic]
  test.each<[number, number, BpGrade, boolean, boolean]>([
    [119, 79, 'normal', false, false],
    [120, 79, 'highNormal', false, false],
    [119, 80, 'highNormal', false, false],
    [120, 80, 'highNormal', false, false],
    [139, 89, 'highNormal', false, false],
    [140, 89, 'grade1', true, false],
    [139, 90, 'grade1', false, true],
    [140, 90, 'grade1', false, false],
    [159, 99, 'grade1', false, false],
    [160, 99, 'grade2', false, false],
    [159, 100, 'grade2', false, false],
    [160, 100, 'grade2', false, false],
    [179, 109, 'grade2', false, false],
    [180, 109, 'grade3', false, false],
    [179, 110, 'grade3', false, false],
    [180, 110, 'grade3', false, false],
    [220, 130, 'grade3', false, false],
    // SBP and DBP disagree: the higher grade wins
    [185, 95, 'grade3', false, false],
    [150, 105, 'grade2', false, false],
    [125, 112, 'grade3', false, true],
    [165, 85, 'grade2', true, false],
    [110, 85, 'highNormal', false, false],
    [135, 70, 'highNormal', false, false],
  ])('%i/%i → %s', (systolicMmHg, diastolicMmHg, grade, isolatedSystolic, isolatedDiastolic) => {
    const result = gradeBloodPressure({ systolicMmHg, diastolicMmHg });
    expect(result.grade).toBe(grade);
    expect(result.isolatedSystolic).toBe(isolatedSystolic);
    expect(result.isolatedDiastolic).toBe(isolatedDiastolic);
  });

  test('reports each component grade', () => {
    expect(gradeBloodPressure({ systolicMmHg: 185, diastolicMmHg: 95 })).toMatchObject({
      systolicGrade: 'grade3',
      diastolicGrade: 'grade1',
    });
  });

  test('throws on a non-finite value', () => {
    expect(() => gradeBloodPressure({ systolicMmHg: Number.NaN, diastolicMmHg: 80 })).toThrow(RangeError);
  });
});

describe('isHomeBpInHypertensiveRange (G25 table 1: mean ≥135/85)', () => {
  test.each([
    [134, 84, false],
    [135, 84, true],
    [134, 85, true],
    [135, 85, true],
  ])('%i/%i → %s', (systolicMmHg, diastolicMmHg, expected) => {
    expect(isHomeBpInHypertensiveRange({ systolicMmHg, diastolicMmHg })).toBe(expected);
  });
});

describe('sessionMean (2–3 readings, round half up)', () => {
  const r = (systolicMmHg: number, diastolicMmHg: number, heartRateBpm?: number): BpReading =>
    heartRateBpm === undefined ? { systolicMmHg, diastolicMmHg } : { systolicMmHg, diastolicMmHg, heartRateBpm };

  test.each<[string, BpReading[], { systolicMmHg: number; diastolicMmHg: number; heartRateBpm?: number; readingCount: number }]>([
    ['two equal readings', [r(130, 80, 70), r(130, 80, 70)], { systolicMmHg: 130, diastolicMmHg: 80, heartRateBpm: 70, readingCount: 2 }],
    ['.5 rounds up', [r(131, 81, 71), r(132, 82, 72)], { systolicMmHg: 132, diastolicMmHg: 82, heartRateBpm: 72, readingCount: 2 }],
    ['.33 rounds down', [r(133, 80, 70), r(133, 80, 70), r(134, 81, 71)], { systolicMmHg: 133, diastolicMmHg: 80, heartRateBpm: 70, readingCount: 3 }],
    ['.67 rounds up', [r(133, 80, 70), r(134, 81, 71), r(134, 81, 71)], { systolicMmHg: 134, diastolicMmHg: 81, heartRateBpm: 71, readingCount: 3 }],
    // G25 §4.1 [S]: first two differ by >10 mmHg → a third is taken and the LAST TWO are averaged.
    ['SBP of the first two 11 apart: the last two', [r(160, 90, 80), r(149, 88, 76), r(145, 86, 74)], { systolicMmHg: 147, diastolicMmHg: 87, heartRateBpm: 75, readingCount: 3 }],
    ['DBP of the first two 11 apart: the last two', [r(140, 100, 80), r(138, 89, 78), r(136, 87, 76)], { systolicMmHg: 137, diastolicMmHg: 88, heartRateBpm: 77, readingCount: 3 }],
    ['exactly 10 apart is not "more than 10": all three', [r(150, 90), r(140, 80), r(142, 82)], { systolicMmHg: 144, diastolicMmHg: 84, readingCount: 3 }],
    ['two readings 20 apart (no third yet): their mean', [r(160, 90), r(140, 80)], { systolicMmHg: 150, diastolicMmHg: 85, readingCount: 2 }],
    ['the 139.5 boundary rounds to 140', [r(139, 89), r(140, 90)], { systolicMmHg: 140, diastolicMmHg: 90, readingCount: 2 }],
    ['no heart rate at all', [r(128, 78), r(126, 76)], { systolicMmHg: 127, diastolicMmHg: 77, readingCount: 2 }],
    ['heart rate averaged over readings that have one', [r(128, 78, 61), r(126, 76), r(124, 74, 64)], { systolicMmHg: 126, diastolicMmHg: 76, heartRateBpm: 63, readingCount: 3 }],
  ])('%s', (_case, readings, mean) => {
    expect(sessionMean(readings)).toEqual({ ok: true, mean });
  });

  test.each<[string, BpReading[], string]>([
    ['no readings', [], 'bp_session_reading_count_invalid'],
    ['one reading', [r(130, 80)], 'bp_session_reading_count_invalid'],
    ['four readings', [r(130, 80), r(130, 80), r(130, 80), r(130, 80)], 'bp_session_reading_count_invalid'],
    ['a decimal systolic', [r(130.5, 80), r(130, 80)], 'bp_session_reading_not_whole_number'],
    ['a NaN diastolic', [r(130, Number.NaN), r(130, 80)], 'bp_session_reading_not_whole_number'],
    ['a decimal heart rate', [r(130, 80, 70.2), r(130, 80, 70)], 'bp_session_reading_not_whole_number'],
  ])('rejects %s', (_case, readings, reason) => {
    expect(sessionMean(readings)).toEqual({ ok: false, reason });
  });

  test('a device’s single measurement is a session of one (minReadings 1); none is still none', () => {
    expect(sessionMean([r(138, 86, 72)], 1)).toEqual({ ok: true, mean: { systolicMmHg: 138, diastolicMmHg: 86, heartRateBpm: 72, readingCount: 1 } });
    expect(sessionMean([], 1)).toEqual({ ok: false, reason: 'bp_session_reading_count_invalid' });
  });
});

describe('resolveBpTarget (docs/domain.md §6.1)', () => {
  const limit = (systolicBelowMmHg: number, diastolicBelowMmHg: number) => ({ systolicBelowMmHg, diastolicBelowMmHg });

  test.each([
    ['general, age 64', { ageYears: 64, hasDiabetes: false, hasCkd: false }, limit(140, 90), limit(135, 85), 'general'],
    ['elderly from 65', { ageYears: 65, hasDiabetes: false, hasCkd: false }, limit(150, 90), limit(135, 85), 'elderly'],
    ['age 79', { ageYears: 79, hasDiabetes: false, hasCkd: false }, limit(150, 90), limit(135, 85), 'elderly'],
    ['age 85', { ageYears: 85, hasDiabetes: false, hasCkd: false }, limit(150, 90), limit(135, 85), 'veryElderly'],
    // G25 §5.2 [S]: <130/80 is the target for age <80; ≥80 → <150/90, diabetes or CKD notwithstanding.
    ['diabetic aged 85 (G25 §5.2)', { ageYears: 85, hasDiabetes: true, hasCkd: false }, limit(150, 90), limit(135, 85), 'veryElderly'],
    ['CKD aged 80 (G25 §5.2)', { ageYears: 80, hasDiabetes: false, hasCkd: true }, limit(150, 90), limit(135, 85), 'veryElderly'],
    ['diabetic aged 79 keeps <130/80', { ageYears: 79, hasDiabetes: true, hasCkd: false }, limit(130, 80), limit(130, 80), 'diabetesOrCkd'],
    ['diabetes', { ageYears: 50, hasDiabetes: true, hasCkd: false }, limit(130, 80), limit(130, 80), 'diabetesOrCkd'],
    ['CKD', { ageYears: 50, hasDiabetes: false, hasCkd: true }, limit(130, 80), limit(130, 80), 'diabetesOrCkd'],
    ['diabetes beats the elderly rule', { ageYears: 70, hasDiabetes: true, hasCkd: false }, limit(130, 80), limit(130, 80), 'diabetesOrCkd'],
    [
      'doctor override beats everything; home derived',
      { ageYears: 70, hasDiabetes: true, hasCkd: true, doctorOverride: { office: limit(140, 90) } },
      limit(140, 90),
      limit(135, 85),
      'doctorOverride',
    ],
    [
      'stricter override also applies at home',
      { ageYears: 40, hasDiabetes: false, hasCkd: false, doctorOverride: { office: limit(120, 80) } },
      limit(120, 80),
      limit(120, 80),
      'doctorOverride',
    ],
    [
      'explicit home override is kept',
      { ageYears: 40, hasDiabetes: false, hasCkd: false, doctorOverride: { office: limit(140, 90), home: limit(130, 80) } },
      limit(140, 90),
      limit(130, 80),
      'doctorOverride',
    ],
  ])('%s', (_case, input, office, home, basis) => {
    expect(resolveBpTarget(input)).toEqual({ office, home, basis });
  });
});

describe('isBpAtTarget: strictly below both limits', () => {
  const office14090 = { systolicBelowMmHg: 140, diastolicBelowMmHg: 90 };
  const home13080 = { systolicBelowMmHg: 130, diastolicBelowMmHg: 80 };
  test.each([
    [139, 89, office14090, true],
    [140, 89, office14090, false],
    [139, 90, office14090, false],
    [140, 90, office14090, false],
    [129, 79, home13080, true],
    [130, 79, home13080, false],
    [129, 80, home13080, false],
  ])('%i/%i against %j → %s', (systolicMmHg, diastolicMmHg, target, expected) => {
    expect(isBpAtTarget({ systolicMmHg, diastolicMmHg }, target)).toBe(expected);
  });
});
