import { decodeBloodPressureMeasurement, decodeGlucoseMeasurement, fromHex, type BloodPressureMeasurement, type GlucoseMeasurement } from '../../../../shared/devices/bluetooth';
import { bpReadingOf, glucoseMmolLOf, glucoseReadingOf, instantOfDeviceTime } from '../../../../shared/devices/deviceReadings';

const bp = (text: string): BloodPressureMeasurement => {
  const result = decodeBloodPressureMeasurement(fromHex(text)!);
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
};
const glucose = (text: string): GlucoseMeasurement => {
  const result = decodeGlucoseMeasurement(fromHex(text)!);
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
};

describe('meter records → home readings', () => {
  test('the meter clock is Shanghai wall time; offsets are minutes', () => {
    const at = instantOfDeviceTime({ year: 2026, month: 3, day: 10, hours: 7, minutes: 15, seconds: 30 });
    expect(at).toEqual({ ok: true, at: new Date('2026-03-09T23:15:30Z') });
    expect(instantOfDeviceTime({ year: 2019, month: 2, day: 27, hours: 11, minutes: 10, seconds: 30 }, -5)).toEqual({ ok: true, at: new Date('2019-02-27T03:05:30Z') });
  });

  test.each([
    ['no timestamp at all', null, 'timestamp_missing'],
    ['year unknown (Nordic vector)', { year: null, month: 4, day: 17, hours: 20, minutes: 41, seconds: 59 }, 'timestamp_missing'],
    ['30 February', { year: 2026, month: 2, day: 30, hours: 7, minutes: 0, seconds: 0 }, 'timestamp_invalid'],
  ] as const)('%s → %s', (_case, time, skip) => {
    expect(instantOfDeviceTime(time)).toEqual({ ok: false, skip });
  });

  test('BP in mmHg with pulse, user and a clean status', () => {
    const m = bp('1E 8E 00 58 00 6A 00 EA 07 03 0A 07 0F 1E 48 00 01 00 00');
    expect(bpReadingOf(m)).toEqual({
      ok: true,
      reading: { measure: 'bp', recordKey: 'bp-20260310071530-u1', measuredAt: new Date('2026-03-09T23:15:30Z'), systolicMmHg: 142, diastolicMmHg: 88, heartRateBpm: 72, notes: [] },
    });
  });

  test('BP in kPa becomes whole mmHg (1 kPa = 7.50062 mmHg); status bits become notes', () => {
    // 18.9 kPa → 141.76 → 142; 11 kPa → 82.5 → 83 (Math.round); cuff loose + pulse below range.
    const m = bp('17 BD F0 0B 00 9F F0 EA 07 03 0A 07 0F 1E 3C 00 12 00');
    const result = bpReadingOf(m);
    expect(result).toMatchObject({ ok: true, reading: { systolicMmHg: 142, diastolicMmHg: 83, heartRateBpm: 60, notes: ['袖带偏松', '脉搏超出血压计的正常范围'] } });
  });

  test('BP without a date cannot be imported', () => {
    expect(bpReadingOf(bp('1E 8A 00 58 00 78 00 00 00 04 11 14 29 3B 3C 00 01 27 00'))).toEqual({ ok: false, skip: 'timestamp_missing', message: expect.stringContaining('设置日期') });
  });

  test.each([
    ['5.5 mmol/L given in mol/L', 0.0055, 'mol/L', 5.5],
    ['99 mg/dL given in kg/L (0.00099) → 5.5', 0.00099, 'kg/L', 5.5],
    ['126 mg/dL → 7.0', 0.00126, 'kg/L', 7.0],
  ] as const)('glucose %s', (_case, value, unit, mmolL) => {
    expect(glucoseMmolLOf(value, unit)).toBe(mmolL);
  });

  test('a glucose record: base time plus offset, sequence in the key', () => {
    const m = glucose('07 07 00 EA 07 03 0A 06 32 00 FB FF 37 C0 11');
    expect(glucoseReadingOf(m)).toEqual({
      ok: true,
      reading: { measure: 'glucose', recordKey: 'gl-7-20260310064500', sequenceNumber: 7, measuredAt: new Date('2026-03-09T22:45:00Z'), glucoseMmolL: 5.5, notes: [] },
    });
  });

  test.each([
    ['control solution', '02 08 00 EA 07 03 0A 06 32 00 37 C0 4A', 'control_solution'],
    ['no concentration', '00 2A 00 EA 07 03 0A 06 32 00', 'no_concentration'],
    ['strip insertion error (bit 3)', '0A 09 00 EA 07 03 0A 06 32 00 37 C0 11 08 00', 'device_reported_error'],
    ['time fault (bit 11)', '0A 09 00 EA 07 03 0A 06 32 00 37 C0 11 00 08', 'device_reported_error'],
    ['Nordic vector: sample size insufficient', '1B 01 00 E3 07 02 1B 0B 0A 1E FB FF 1E 00 12 05 01', 'device_reported_error'],
  ])('%s → skipped (%s)', (_case, bytes, skip) => {
    expect(glucoseReadingOf(glucose(bytes))).toMatchObject({ ok: false, skip });
  });

  test('low battery alone is a note, not a fault', () => {
    expect(glucoseReadingOf(glucose('0E 09 00 EA 07 03 0A 06 32 00 37 C0 11 01 00'))).toMatchObject({ ok: true, reading: { glucoseMmolL: 5.5, notes: ['血糖仪电量低'] } });
  });
});
