import {
  bluetoothUuid,
  decodeBloodPressureMeasurement,
  decodeGlucoseMeasurement,
  fromHex,
  parseRacpResponse,
  racpAbort,
  racpReportAllRecords,
  racpReportNumberOfAllRecords,
  racpReportRecordsAfter,
  racpReportRecordsFrom,
  sfloatValue,
  shortUuidOf,
  toHex,
  type BloodPressureMeasurement,
  type DecodeErrorCode,
  type GlucoseMeasurement,
} from '../../../../shared/devices/bluetooth';
import { encodeBloodPressureMeasurement, encodeGlucoseMeasurement, encodeSfloat } from '../../../../shared/devices/gattEncoding';

/**
 * Byte vectors from Nordic Semiconductor's Android-BLE-Common-Library tests
 * (BloodPressureMeasurementDataCallbackTest, GlucoseMeasurementDataCallbackTest,
 * RecordAccessControlPointDataTest) and the SFLOAT definition (Zephyr sfloat.h): the values they
 * assert are the values asserted here.
 */
const hex = (text: string) => fromHex(text)!;

describe('IEEE-11073 SFLOAT (Zephyr sfloat.h)', () => {
  test.each<[string, number, ReturnType<typeof sfloatValue>]>([
    ['0xF0BD: exponent −1, mantissa 189', 0xf0bd, { value: 18.9 }],
    ['0x008A: 138', 0x008a, { value: 138 }],
    ['0x000B: 11', 0x000b, { value: 11 }],
    ['0xF09F: 15.9', 0xf09f, { value: 15.9 }],
    ['0x0FFF: mantissa −1', 0x0fff, { value: -1 }],
    ['0x1002: 2 × 10¹', 0x1002, { value: 20 }],
    ['0xC037: 55 × 10⁻⁴ (5.5 mmol/L in mol/L)', 0xc037, { value: 0.0055 }],
    ['0x07FF NaN', 0x07ff, { special: 'nan' }],
    ['0x0800 NRes', 0x0800, { special: 'nres' }],
    ['0x07FE +INFINITY', 0x07fe, { special: 'positiveInfinity' }],
    ['0x0802 −INFINITY', 0x0802, { special: 'negativeInfinity' }],
    ['0x0801 reserved', 0x0801, { special: 'reserved' }],
  ])('%s', (_case, word, expected) => {
    expect(sfloatValue(word)).toEqual(expected);
  });

  test.each([[18.9, 1, 0xf0bd], [138, 0, 0x008a], [0.0055, 4, 0xc037], [-1, 0, 0x0fff]])('encode %p with %p decimals → 0x%s', (value, decimals, word) => {
    expect(encodeSfloat(value, decimals)).toBe(word);
  });
});

describe('decodeBloodPressureMeasurement (0x2A35)', () => {
  test.each<[string, string, Partial<BloodPressureMeasurement>]>([
    [
      'Nordic: every field, year unknown',
      '1E 8A 00 58 00 78 00 00 00 04 11 14 29 3B 3C 00 01 27 00',
      {
        unit: 'mmHg',
        systolic: 138,
        diastolic: 88,
        meanArterialPressure: 120,
        timestamp: { year: null, month: 4, day: 17, hours: 20, minutes: 41, seconds: 59 },
        pulseRateBpm: 60,
        userId: 1,
        statusBits: 0x0027,
        status: { bodyMovement: true, cuffTooLoose: true, irregularPulse: true, pulseRateRange: 'inRange', improperPosition: true },
      },
    ],
    [
      'Nordic: kPa, pulse, cuff loose and pulse below the lower limit',
      '15 BD F0 0B 00 9F F0 3C 00 12 00',
      {
        unit: 'kPa',
        systolic: 18.9,
        diastolic: 11,
        meanArterialPressure: 15.9,
        timestamp: null,
        pulseRateBpm: 60,
        userId: null,
        statusBits: 0x0012,
        status: { bodyMovement: false, cuffTooLoose: true, irregularPulse: false, pulseRateRange: 'belowLowerLimit', improperPosition: false },
      },
    ],
    ['Nordic: the minimal form', '00 BD F0 0B 00 9F F0', { unit: 'mmHg', systolic: 18.9, diastolic: 11, meanArterialPressure: 15.9, timestamp: null, pulseRateBpm: null, status: null }],
    ['MAP NaN (not measured) → null', '00 8A 00 58 00 FF 07', { systolic: 138, diastolic: 88, meanArterialPressure: null }],
    ['user 0xFF = unknown user', '08 8A 00 58 00 FF 07 FF', { userId: null }],
    ['a full date: 2026-03-10 07:15:30', '02 8A 00 58 00 FF 07 EA 07 03 0A 07 0F 1E', { timestamp: { year: 2026, month: 3, day: 10, hours: 7, minutes: 15, seconds: 30 } }],
  ])('%s', (_case, bytes, expected) => {
    const result = decodeBloodPressureMeasurement(hex(bytes));
    expect(result).toEqual({ ok: true, value: expect.objectContaining(expected) });
  });

  test.each<[string, string, DecodeErrorCode, string]>([
    ['empty', '', 'length_too_short', 'flags'],
    ['6 bytes: MAP cut short', '00 8A 00 58 00 78', 'length_too_short', 'meanArterialPressure'],
    ['timestamp flag without the timestamp', '02 8A 00 58 00 78 00', 'length_too_short', 'timestamp'],
    ['status flag with one byte of status', '10 8A 00 58 00 78 00 27', 'length_too_short', 'measurementStatus'],
    ['a byte too many', '00 8A 00 58 00 78 00 00', 'length_unexpected', 'flags'],
    ['systolic NaN', '00 FF 07 58 00 78 00', 'sfloat_nan', 'systolic'],
    ['systolic NRes', '00 00 08 58 00 78 00', 'sfloat_nres', 'systolic'],
    ['diastolic +INF', '00 8A 00 FE 07 78 00', 'sfloat_positive_infinity', 'diastolic'],
    ['diastolic −INF', '00 8A 00 02 08 78 00', 'sfloat_negative_infinity', 'diastolic'],
    ['MAP reserved', '00 8A 00 58 00 01 08', 'sfloat_reserved', 'meanArterialPressure'],
    ['month 13', '02 8A 00 58 00 78 00 EA 07 0D 0A 07 0F 1E', 'date_time_invalid', 'timestamp'],
    ['hour 24', '02 8A 00 58 00 78 00 EA 07 03 0A 18 0F 1E', 'date_time_invalid', 'timestamp'],
  ])('%s → %s', (_case, bytes, code, field) => {
    const result = decodeBloodPressureMeasurement(hex(bytes));
    expect(result).toEqual({ ok: false, error: { code, field, message: expect.any(String) } });
  });

  test('round trip through the encoder used by the simulated meter', () => {
    const bytes = encodeBloodPressureMeasurement({ systolic: 142, diastolic: 88, meanArterialPressure: 106, timestamp: { year: 2026, month: 3, day: 10, hours: 7, minutes: 15, seconds: 0 }, pulseRateBpm: 72, userId: 1, statusBits: 0 });
    expect(bytes.length).toBe(19);
    expect(decodeBloodPressureMeasurement(bytes)).toEqual({ ok: true, value: expect.objectContaining({ systolic: 142, diastolic: 88, pulseRateBpm: 72, userId: 1, statusBits: 0 }) });
  });
});

describe('decodeGlucoseMeasurement (0x2A18)', () => {
  test.each<[string, string, Partial<GlucoseMeasurement>]>([
    [
      'Nordic: sequence 1, 2019-02-27 11:10:30 −5 min, type 2 capillary plasma, finger, status 0x0105, context follows',
      '1B 01 00 E3 07 02 1B 0B 0A 1E FB FF 1E 00 12 05 01',
      {
        sequenceNumber: 1,
        baseTime: { year: 2019, month: 2, day: 27, hours: 11, minutes: 10, seconds: 30 },
        timeOffsetMinutes: -5,
        concentration: 30,
        unit: 'kg/L',
        sampleType: 'capillaryPlasma',
        sampleLocation: 'finger',
        statusBits: 0x0105,
        status: ['batteryLow', 'sampleSizeInsufficient', 'temperatureTooLow'],
        contextFollows: true,
      },
    ],
    ['the minimal form: sequence and base time only', '00 2A 00 EA 07 03 0A 06 32 00', { sequenceNumber: 42, concentration: null, unit: null, sampleType: null, timeOffsetMinutes: null, status: [], contextFollows: false }],
    ['mol/L: 5.5 mmol/L, capillary whole blood, finger', '06 07 00 EA 07 03 0A 06 32 00 37 C0 11', { sequenceNumber: 7, concentration: 0.0055, unit: 'mol/L', sampleType: 'capillaryWholeBlood', sampleLocation: 'finger' }],
    ['control solution (type 10, location 4)', '02 08 00 EA 07 03 0A 06 32 00 37 C0 4A', { sampleType: 'controlSolution', sampleLocation: 'controlSolution' }],
  ])('%s', (_case, bytes, expected) => {
    expect(decodeGlucoseMeasurement(hex(bytes))).toEqual({ ok: true, value: expect.objectContaining(expected) });
  });

  test.each<[string, string, DecodeErrorCode, string]>([
    ['9 bytes: base time cut short', '00 01 00 E3 07 02 1B 0B 0A', 'length_too_short', 'baseTime'],
    ['offset flag, no offset', '01 01 00 E3 07 02 1B 0B 0A 1E', 'length_too_short', 'timeOffset'],
    ['concentration flag, no type byte', '02 01 00 E3 07 02 1B 0B 0A 1E 1E 00', 'length_too_short', 'typeAndLocation'],
    ['concentration NaN', '02 01 00 E3 07 02 1B 0B 0A 1E FF 07 11', 'sfloat_nan', 'concentration'],
    ['concentration NRes', '02 01 00 E3 07 02 1B 0B 0A 1E 00 08 11', 'sfloat_nres', 'concentration'],
    ['trailing byte', '00 01 00 E3 07 02 1B 0B 0A 1E 00', 'length_unexpected', 'flags'],
    ['day 32', '00 01 00 E3 07 02 20 0B 0A 1E', 'date_time_invalid', 'baseTime'],
  ])('%s → %s', (_case, bytes, code, field) => {
    expect(decodeGlucoseMeasurement(hex(bytes))).toEqual({ ok: false, error: { code, field, message: expect.any(String) } });
  });

  test('round trip through the encoder', () => {
    const bytes = encodeGlucoseMeasurement({ sequenceNumber: 300, baseTime: { year: 2026, month: 3, day: 10, hours: 6, minutes: 40, seconds: 0 }, timeOffsetMinutes: 0, concentration: 0.0061, unit: 'mol/L', concentrationDecimals: 4, typeCode: 2, locationCode: 1, statusBits: 0 });
    expect(decodeGlucoseMeasurement(bytes)).toEqual({ ok: true, value: expect.objectContaining({ sequenceNumber: 300, concentration: 0.0061, unit: 'mol/L', sampleType: 'capillaryPlasma', status: [] }) });
  });
});

describe('Record Access Control Point (0x2A52)', () => {
  test.each<[string, Uint8Array, string]>([
    ['report all stored records', racpReportAllRecords(), '0101'],
    ['report the number of all records', racpReportNumberOfAllRecords(), '0401'],
    ['abort', racpAbort(), '0300'],
  ])('%s → %s', (_case, bytes, expected) => {
    expect(toHex(bytes)).toBe(expected);
  });

  test.each<[number, string]>([
    [0, '0103010000'],
    [1, '0103010100'],
    [300, '0103012c01'],
    [0xffff, '010301ffff'],
  ])('records with sequence ≥ %p → %s', (n, expected) => {
    const result = racpReportRecordsFrom(n);
    expect(result.ok && toHex(result.value)).toBe(expected);
  });

  test('records after sequence N asks for ≥ N + 1', () => {
    const result = racpReportRecordsAfter(41);
    expect(result.ok && toHex(result.value)).toBe('0103012a00');
  });

  test.each([-1, 0x10000, 1.5])('sequence %p is out of range', (n) => {
    expect(racpReportRecordsFrom(n)).toEqual({ ok: false, error: expect.objectContaining({ code: 'racp_operand_out_of_range' }) });
  });
  test('nothing after the largest sequence number', () => {
    expect(racpReportRecordsAfter(0xffff)).toEqual({ ok: false, error: expect.objectContaining({ code: 'racp_operand_out_of_range' }) });
  });

  test.each<[string, string, unknown]>([
    ['transfer done: 06 00 01 01', '06 00 01 01', { kind: 'responseCode', requestOpCode: 1, responseCode: 1, response: 'success' }],
    ['no records found', '06 00 01 06', { kind: 'responseCode', requestOpCode: 1, responseCode: 6, response: 'noRecordsFound' }],
    ['op code not supported', '06 00 02 02', { kind: 'responseCode', requestOpCode: 2, responseCode: 2, response: 'opCodeNotSupported' }],
    ['procedure not completed', '06 00 01 08', { kind: 'responseCode', requestOpCode: 1, responseCode: 8, response: 'procedureNotCompleted' }],
    ['an unknown response code', '06 00 01 7F', { kind: 'responseCode', requestOpCode: 1, responseCode: 0x7f, response: 'reserved' }],
    ['number of records: 05 00 LL HH', '05 00 2C 01', { kind: 'numberOfRecords', count: 300 }],
  ])('%s', (_case, bytes, expected) => {
    expect(parseRacpResponse(hex(bytes))).toEqual({ ok: true, value: expected });
  });

  test.each<[string, string, DecodeErrorCode]>([
    ['response code cut short', '06 00 01', 'length_too_short'],
    ['count cut short', '05 00 2C', 'length_too_short'],
    ['trailing byte', '06 00 01 01 00', 'length_unexpected'],
    ['a request op code is not a response', '01 01', 'racp_op_code_unknown'],
  ])('%s → %s', (_case, bytes, code) => {
    expect(parseRacpResponse(hex(bytes))).toEqual({ ok: false, error: expect.objectContaining({ code }) });
  });
});

describe('UUIDs and hex', () => {
  test('16-bit SIG UUIDs in their 128-bit form, and back', () => {
    expect(bluetoothUuid(0x1810)).toBe('00001810-0000-1000-8000-00805F9B34FB');
    expect(shortUuidOf('00002a35-0000-1000-8000-00805f9b34fb')).toBe(0x2a35);
    expect(shortUuidOf('2A52')).toBe(0x2a52);
    expect(shortUuidOf('0x1808')).toBe(0x1808);
    expect(shortUuidOf('6e400001-b5a3-f393-e0a9-e50e24dcca9e')).toBeNull();
  });
  test('hex', () => {
    expect(toHex([0x1e, 0x8a, 0])).toBe('1e8a00');
    expect(fromHex('1e8a00')).toEqual(Uint8Array.of(0x1e, 0x8a, 0));
    expect(fromHex('1e8')).toBeNull();
    expect(fromHex('zz')).toBeNull();
  });
});
