import {
  checkPlausibility,
  clinicalReasonMessages,
  PLAUSIBILITY_CODE_STEMS,
  type MeasurementInput,
  type PlausibilityErrorCode,
  type PlausibilityField,
  type PlausibilityWarningCode,
} from '../../../../shared/clinical';

const NOW = new Date('2025-06-15T04:00:00Z');

describe('hard ranges (docs/clinical-rules.md §8): both sides of every limit', () => {
  // [field, last rejected below, first accepted, last accepted, first rejected above]
  test.each<[PlausibilityField, number, number, number, number]>([
    ['systolicMmHg', 59, 60, 300, 301],
    ['diastolicMmHg', 29, 30, 200, 201],
    ['heartRateBpm', 24, 25, 250, 251],
    ['glucoseMmolL', 1.0, 1.1, 33.3, 33.4],
    ['hba1cPercent', 2.9, 3, 25, 25.1],
    ['hcyUmolL', 0, 0.1, 300, 300.1],
    ['totalCholesterolMmolL', 0.49, 0.5, 25, 25.01],
    ['triglyceridesMmolL', 0.09, 0.1, 50, 50.01],
    ['ldlCholesterolMmolL', 0.09, 0.1, 15, 15.01],
    ['hdlCholesterolMmolL', 0.09, 0.1, 5, 5.01],
    ['weightKg', 19.9, 20, 300, 300.1],
    ['heightCm', 99.9, 100, 250, 250.1],
  ])('%s rejects %f, accepts %f…%f, rejects %f', (field, rejectedLow, lowest, highest, rejectedHigh) => {
    const outOfRange = `${PLAUSIBILITY_CODE_STEMS[field]}_out_of_range`;
    // One field at a time, so the SBP > DBP rule cannot interfere.
    const only = (value: number): MeasurementInput => ({ [field]: value });
    expect(checkPlausibility(only(rejectedLow), NOW).errors).toEqual([{ field, code: outOfRange }]);
    expect(checkPlausibility(only(lowest), NOW).errors).toEqual([]);
    expect(checkPlausibility(only(highest), NOW).errors).toEqual([]);
    expect(checkPlausibility(only(rejectedHigh), NOW).errors).toEqual([{ field, code: outOfRange }]);
  });

  test.each<[PlausibilityField, number, PlausibilityErrorCode]>([
    ['systolicMmHg', Number.NaN, 'systolic_not_a_number'],
    ['glucoseMmolL', Number.POSITIVE_INFINITY, 'glucose_not_a_number'],
    ['hcyUmolL', -1, 'hcy_out_of_range'],
    ['systolicMmHg', 120.5, 'systolic_not_whole_number'],
    ['diastolicMmHg', 80.5, 'diastolic_not_whole_number'],
    ['heartRateBpm', 72.5, 'heart_rate_not_whole_number'],
  ])('%s = %f → %s', (field, value, code) => {
    expect(checkPlausibility({ [field]: value }, NOW).errors).toEqual([{ field, code }]);
  });
});

describe('systolic must be above diastolic', () => {
  test.each<[number, number, boolean]>([
    [120, 80, true],
    [81, 80, true],
    [80, 80, false],
    [80, 120, false], // swapped
  ])('%i/%i accepted=%s', (systolicMmHg, diastolicMmHg, accepted) => {
    const result = checkPlausibility({ systolicMmHg, diastolicMmHg }, NOW);
    expect(result.ok).toBe(accepted);
    if (!accepted) expect(result.errors).toEqual([{ field: 'systolicMmHg', code: 'systolic_not_above_diastolic' }]);
  });

  test('not judged when a value is already out of range', () => {
    expect(checkPlausibility({ systolicMmHg: 40, diastolicMmHg: 50 }, NOW).errors).toEqual([
      { field: 'systolicMmHg', code: 'systolic_out_of_range' },
    ]);
  });
});

describe('measuredAt (future allowed up to 5 min of clock skew)', () => {
  test.each<[string, Date, PlausibilityErrorCode | null]>([
    ['an hour ago', new Date(NOW.getTime() - 3_600_000), null],
    ['now', NOW, null],
    ['4 min 59 s ahead', new Date(NOW.getTime() + 299_000), null],
    ['exactly 5 min ahead', new Date(NOW.getTime() + 300_000), null],
    ['5 min 1 ms ahead', new Date(NOW.getTime() + 300_001), 'measured_at_in_future'],
    ['tomorrow', new Date(NOW.getTime() + 86_400_000), 'measured_at_in_future'],
    ['invalid date', new Date('not a date'), 'measured_at_invalid'],
  ])('%s', (_case, measuredAt, code) => {
    const { errors } = checkPlausibility({ systolicMmHg: 120, diastolicMmHg: 80, measuredAt }, NOW);
    expect(errors).toEqual(code === null ? [] : [{ field: 'measuredAt', code }]);
  });
});

describe('soft warnings: both sides of every threshold', () => {
  // Each row's input passes the hard checks; only the listed warnings may appear.
  test.each<[string, MeasurementInput, PlausibilityWarningCode[]]>([
    ['SBP 90 fine', { systolicMmHg: 90, diastolicMmHg: 60 }, []],
    ['SBP 89 low', { systolicMmHg: 89, diastolicMmHg: 60 }, ['systolic_low']],
    ['SBP 179 fine', { systolicMmHg: 179, diastolicMmHg: 100 }, []],
    ['SBP 180 high', { systolicMmHg: 180, diastolicMmHg: 100 }, ['systolic_high']],
    ['DBP 50 fine', { systolicMmHg: 100, diastolicMmHg: 50 }, []],
    ['DBP 49 low', { systolicMmHg: 100, diastolicMmHg: 49 }, ['diastolic_low']],
    ['DBP 109 fine', { systolicMmHg: 170, diastolicMmHg: 109 }, []],
    ['DBP 110 high', { systolicMmHg: 170, diastolicMmHg: 110 }, ['diastolic_high']],
    ['pulse pressure 15 fine', { systolicMmHg: 115, diastolicMmHg: 100 }, []],
    ['pulse pressure 14 narrow', { systolicMmHg: 114, diastolicMmHg: 100 }, ['pulse_pressure_narrow']],
    ['pulse pressure 100 fine', { systolicMmHg: 170, diastolicMmHg: 70 }, []],
    ['pulse pressure 101 wide', { systolicMmHg: 171, diastolicMmHg: 70 }, ['pulse_pressure_wide']],
    ['HR 50 fine', { heartRateBpm: 50 }, []],
    ['HR 49 low', { heartRateBpm: 49 }, ['heart_rate_low']],
    ['HR 120 fine', { heartRateBpm: 120 }, []],
    ['HR 121 high', { heartRateBpm: 121 }, ['heart_rate_high']],
    ['glucose 3.9 fine', { glucoseMmolL: 3.9 }, []],
    ['glucose 3.8 low', { glucoseMmolL: 3.8 }, ['glucose_low']],
    ['glucose 16.6 fine', { glucoseMmolL: 16.6 }, []],
    ['glucose 16.7 high', { glucoseMmolL: 16.7 }, ['glucose_high']],
    ['HbA1c 10 fine', { hba1cPercent: 10 }, []],
    ['HbA1c 10.1 high', { hba1cPercent: 10.1 }, ['hba1c_high']],
    ['Hcy 30 fine', { hcyUmolL: 30 }, []],
    ['Hcy 30.1 high', { hcyUmolL: 30.1 }, ['hcy_high']],
    ['TG 5.59 fine', { triglyceridesMmolL: 5.59 }, []],
    ['TG 5.6 high', { triglyceridesMmolL: 5.6 }, ['triglycerides_high']],
  ])('%s', (_case, input, codes) => {
    const result = checkPlausibility(input, NOW);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.warnings.map((warning) => warning.code)).toEqual(codes);
  });

  test('no warnings for a field that failed a hard check', () => {
    expect(checkPlausibility({ glucoseMmolL: 40 }, NOW).warnings).toEqual([]);
    expect(checkPlausibility({ systolicMmHg: 80, diastolicMmHg: 80 }, NOW).warnings).toEqual([]);
  });
});

test('several fields report several errors, each on its own field', () => {
  const result = checkPlausibility({ systolicMmHg: 400, glucoseMmolL: 0.5, weightKg: 70, heightCm: 170 }, NOW);
  expect(result.ok).toBe(false);
  expect(result.errors).toEqual([
    { field: 'systolicMmHg', code: 'systolic_out_of_range' },
    { field: 'glucoseMmolL', code: 'glucose_out_of_range' },
  ]);
});

test('an empty input is plausible', () => {
  expect(checkPlausibility({}, NOW)).toEqual({ ok: true, errors: [], warnings: [] });
});

describe('clinicalReasonMessages', () => {
  test.each(Object.entries(clinicalReasonMessages))('%s has a Chinese message', (_code, message) => {
    expect(message).toMatch(/[\u4e00-\u9fff]/);
  });

  test('range messages quote the limits from the table', () => {
    expect(clinicalReasonMessages.systolic_out_of_range).toContain('60–300');
    expect(clinicalReasonMessages.glucose_out_of_range).toContain('1.1–33.3');
    expect(clinicalReasonMessages.hcy_out_of_range).toContain('大于0');
  });
});
