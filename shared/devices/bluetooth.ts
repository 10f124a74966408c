/**
 * Bluetooth SIG health profiles, decoded from the bytes a meter sends: the Blood Pressure
 * Measurement (service 0x1810, characteristic 0x2A35, indicated), the Glucose Measurement (service
 * 0x1808, characteristic 0x2A18, notified) and the Record Access Control Point (0x2A52, written and
 * indicated) that asks a glucose meter for its stored records. Pure: bytes in, values or a typed
 * error out; the mini-program decodes to show what it found, the service decodes again to store.
 *
 * Layouts, special values and test vectors: Nordic Semiconductor's Android-BLE-Common-Library
 * (`BloodPressureMeasurementDataCallback`, `GlucoseMeasurementDataCallback`,
 * `RecordAccessControlPointData`) and the IEEE-11073 SFLOAT definition in Zephyr's sfloat.h;
 * the sensor-status bit names and glucose type/location codes follow the Glucose Profile
 * specification as Nordic's `GlucoseMeasurementCallback` names them.
 *
 * Errors are results, not exceptions: `{ ok: false, error: { code, field, message } }`, with a
 * stable code (see `DecodeErrorCode`) so a caller can say in plain words why a record was skipped.
 */

export const gattServices = { bloodPressure: 0x1810, glucose: 0x1808 } as const;
export const gattCharacteristics = {
  bloodPressureMeasurement: 0x2a35,
  intermediateCuffPressure: 0x2a36,
  bloodPressureFeature: 0x2a49,
  glucoseMeasurement: 0x2a18,
  glucoseMeasurementContext: 0x2a34,
  glucoseFeature: 0x2a51,
  recordAccessControlPoint: 0x2a52,
} as const;

/** A 16-bit SIG UUID in the 128-bit form WeChat and Web Bluetooth report: 0000XXXX-0000-1000-8000-00805F9B34FB. */
export function bluetoothUuid(shortUuid: number): string {
  return `0000${shortUuid.toString(16).toUpperCase().padStart(4, '0')}-0000-1000-8000-00805F9B34FB`;
}

/** The 16-bit value of a SIG UUID given in any of its spellings ('2A35', '0x2a35', the 128-bit form), else null. */
export function shortUuidOf(uuid: string): number | null {
  const text = uuid.trim().toUpperCase().replace(/^0X/, '');
  const long = /^0000([0-9A-F]{4})-0000-1000-8000-00805F9B34FB$/.exec(text);
  if (long?.[1]) return parseInt(long[1], 16);
  return /^[0-9A-F]{4}$/.test(text) ? parseInt(text, 16) : null;
}

// ---------------------------------------------------------------------------------------------
// Results and errors

export type DecodeErrorCode =
  | 'length_too_short'
  | 'length_unexpected'
  | 'sfloat_nan'
  | 'sfloat_nres'
  | 'sfloat_positive_infinity'
  | 'sfloat_negative_infinity'
  | 'sfloat_reserved'
  | 'date_time_invalid'
  | 'racp_op_code_unknown'
  | 'racp_operand_out_of_range';

export const decodeErrorMessages: Record<DecodeErrorCode, string> = {
  length_too_short: '设备发来的数据不完整',
  length_unexpected: '设备发来的数据长度不对',
  sfloat_nan: '设备没有给出这个数值',
  sfloat_nres: '设备的测量精度不足，没有给出数值',
  sfloat_positive_infinity: '数值超出设备的测量上限',
  sfloat_negative_infinity: '数值低于设备的测量下限',
  sfloat_reserved: '设备发来的数值无法识别',
  date_time_invalid: '设备记录的时间不正确',
  racp_op_code_unknown: '设备的回复无法识别',
  racp_operand_out_of_range: '记录序号超出范围',
};

export interface DecodeError {
  code: DecodeErrorCode;
  /** Which field of the characteristic value, e.g. 'systolic', 'baseTime', 'flags'. */
  field: string;
  message: string;
}

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; error: DecodeError };

class DecodeFailure extends Error {
  constructor(readonly detail: DecodeError) {
    super(`${detail.field}: ${detail.code}`);
  }
}

const fail = (code: DecodeErrorCode, field: string): never => {
  throw new DecodeFailure({ code, field, message: decodeErrorMessages[code] });
};

function decoded<T>(run: () => T): DecodeResult<T> {
  try {
    return { ok: true, value: run() };
  } catch (err) {
    if (err instanceof DecodeFailure) return { ok: false, error: err.detail };
    throw err;
  }
}

export type ByteSource = ArrayBuffer | Uint8Array | readonly number[];

function bytesOf(source: ByteSource): Uint8Array {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  return Uint8Array.from(source);
}

/** Reads little-endian fields in order and knows which field it is reading, for the error. */
class Reader {
  private offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  private take(count: number, field: string): number {
    if (this.offset + count > this.bytes.length) fail('length_too_short', field);
    const at = this.offset;
    this.offset += count;
    return at;
  }
  uint8(field: string): number {
    return this.bytes[this.take(1, field)] as number;
  }
  uint16(field: string): number {
    const at = this.take(2, field);
    return (this.bytes[at] as number) | ((this.bytes[at + 1] as number) << 8);
  }
  sint16(field: string): number {
    const value = this.uint16(field);
    return value >= 0x8000 ? value - 0x10000 : value;
  }
  end(field: string): void {
    if (this.offset !== this.bytes.length) fail('length_unexpected', field);
  }
}

// ---------------------------------------------------------------------------------------------
// IEEE-11073 16-bit SFLOAT

export type SfloatSpecial = 'nan' | 'nres' | 'positiveInfinity' | 'negativeInfinity' | 'reserved';

const sfloatSpecials: Record<number, { special: SfloatSpecial; code: DecodeErrorCode }> = {
  0x07ff: { special: 'nan', code: 'sfloat_nan' },
  0x0800: { special: 'nres', code: 'sfloat_nres' },
  0x07fe: { special: 'positiveInfinity', code: 'sfloat_positive_infinity' },
  0x0802: { special: 'negativeInfinity', code: 'sfloat_negative_infinity' },
  0x0801: { special: 'reserved', code: 'sfloat_reserved' },
};

/**
 * A raw SFLOAT word → its value, or which special value it is. The special values are whole
 * 16-bit words (checked first); otherwise bits 15–12 are a signed exponent and bits 11–0 a signed
 * mantissa: 0xF0BD → 189 × 10⁻¹ = 18.9. A negative exponent divides, so 18.9 is the nearest double
 * to 18.9 rather than 189 × 0.1 = 18.900000000000002.
 */
export function sfloatValue(raw: number): { value: number } | { special: SfloatSpecial } {
  const word = raw & 0xffff;
  const special = sfloatSpecials[word];
  if (special) return { special: special.special };
  let mantissa = word & 0x0fff;
  if (mantissa >= 0x0800) mantissa -= 0x1000;
  let exponent = word >> 12;
  if (exponent >= 0x8) exponent -= 0x10;
  const value = exponent < 0 ? mantissa / 10 ** -exponent : mantissa * 10 ** exponent;
  return { value: Object.is(value, -0) ? 0 : value };
}

function sfloat(reader: Reader, field: string): number {
  const word = reader.uint16(field);
  const result = sfloatValue(word);
  if ('value' in result) return result.value;
  return fail(sfloatSpecials[word]!.code, field);
}

/** An SFLOAT a device may leave out on purpose (mean arterial pressure, pulse): NaN and NRes → null. */
function optionalSfloat(reader: Reader, field: string): number | null {
  const word = reader.uint16(field);
  const result = sfloatValue(word);
  if ('value' in result) return result.value;
  if (result.special === 'nan' || result.special === 'nres') return null;
  return fail(sfloatSpecials[word]!.code, field);
}

// ---------------------------------------------------------------------------------------------
// Date Time (0x2A08 layout, 7 bytes)

/** The meter's own clock reading. Year, month or day 0 means the meter does not know it (null here). */
export interface DeviceDateTime {
  year: number | null;
  month: number | null;
  day: number | null;
  hours: number;
  minutes: number;
  seconds: number;
}

function dateTime(reader: Reader, field: string): DeviceDateTime {
  const year = reader.uint16(field);
  const month = reader.uint8(field);
  const day = reader.uint8(field);
  const hours = reader.uint8(field);
  const minutes = reader.uint8(field);
  const seconds = reader.uint8(field);
  const valid = (year === 0 || (year >= 1582 && year <= 9999)) && month <= 12 && day <= 31 && hours <= 23 && minutes <= 59 && seconds <= 59;
  if (!valid) fail('date_time_invalid', field);
  return { year: year || null, month: month || null, day: day || null, hours, minutes, seconds };
}

// ---------------------------------------------------------------------------------------------
// Blood Pressure Measurement 0x2A35

export type PulseRateRange = 'inRange' | 'aboveUpperLimit' | 'belowLowerLimit' | 'reserved';

export interface BloodPressureStatus {
  bodyMovement: boolean;
  cuffTooLoose: boolean;
  irregularPulse: boolean;
  pulseRateRange: PulseRateRange;
  improperPosition: boolean;
}

export interface BloodPressureMeasurement {
  unit: 'mmHg' | 'kPa';
  /** In `unit`. */
  systolic: number;
  diastolic: number;
  /** Mean arterial pressure in `unit`; null when the meter sends NaN for it. */
  meanArterialPressure: number | null;
  timestamp: DeviceDateTime | null;
  pulseRateBpm: number | null;
  /** 0xFF = unknown user (null). */
  userId: number | null;
  status: BloodPressureStatus | null;
  statusBits: number | null;
}

const pulseRanges: readonly PulseRateRange[] = ['inRange', 'aboveUpperLimit', 'belowLowerLimit', 'reserved'];

export function bloodPressureStatusOf(bits: number): BloodPressureStatus {
  return {
    bodyMovement: (bits & 0x01) !== 0,
    cuffTooLoose: (bits & 0x02) !== 0,
    irregularPulse: (bits & 0x04) !== 0,
    pulseRateRange: pulseRanges[(bits >> 3) & 0x03] as PulseRateRange,
    // Bit 5 (0x20). Some vendors' code reads 0x10, which is half of the pulse-range field.
    improperPosition: (bits & 0x20) !== 0,
  };
}

/** Decodes one Blood Pressure Measurement value (7 to 19 bytes). */
export function decodeBloodPressureMeasurement(source: ByteSource): DecodeResult<BloodPressureMeasurement> {
  return decoded(() => {
    const reader = new Reader(bytesOf(source));
    const flags = reader.uint8('flags');
    const unit = flags & 0x01 ? 'kPa' : 'mmHg';
    const systolic = sfloat(reader, 'systolic');
    const diastolic = sfloat(reader, 'diastolic');
    const meanArterialPressure = optionalSfloat(reader, 'meanArterialPressure');
    const timestamp = flags & 0x02 ? dateTime(reader, 'timestamp') : null;
    const pulseRateBpm = flags & 0x04 ? optionalSfloat(reader, 'pulseRate') : null;
    const user = flags & 0x08 ? reader.uint8('userId') : null;
    const statusBits = flags & 0x10 ? reader.uint16('measurementStatus') : null;
    reader.end('flags');
    return {
      unit,
      systolic,
      diastolic,
      meanArterialPressure,
      timestamp,
      pulseRateBpm,
      userId: user === null || user === 0xff ? null : user,
      status: statusBits === null ? null : bloodPressureStatusOf(statusBits),
      statusBits,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Glucose Measurement 0x2A18

export type GlucoseSampleType =
  | 'capillaryWholeBlood'
  | 'capillaryPlasma'
  | 'venousWholeBlood'
  | 'venousPlasma'
  | 'arterialWholeBlood'
  | 'arterialPlasma'
  | 'undeterminedWholeBlood'
  | 'undeterminedPlasma'
  | 'interstitialFluid'
  | 'controlSolution'
  | 'reserved';

export type GlucoseSampleLocation = 'finger' | 'alternateSiteTest' | 'earlobe' | 'controlSolution' | 'notAvailable' | 'reserved';

const sampleTypes: Record<number, GlucoseSampleType> = {
  1: 'capillaryWholeBlood',
  2: 'capillaryPlasma',
  3: 'venousWholeBlood',
  4: 'venousPlasma',
  5: 'arterialWholeBlood',
  6: 'arterialPlasma',
  7: 'undeterminedWholeBlood',
  8: 'undeterminedPlasma',
  9: 'interstitialFluid',
  10: 'controlSolution',
};
const sampleLocations: Record<number, GlucoseSampleLocation> = { 1: 'finger', 2: 'alternateSiteTest', 3: 'earlobe', 4: 'controlSolution', 15: 'notAvailable' };

/** Sensor Status Annunciation bits, bit 0 first. */
export const glucoseStatusBits = [
  'batteryLow',
  'sensorMalfunction',
  'sampleSizeInsufficient',
  'stripInsertionError',
  'stripTypeIncorrect',
  'resultHigherThanDeviceCanProcess',
  'resultLowerThanDeviceCanProcess',
  'temperatureTooHigh',
  'temperatureTooLow',
  'readInterrupted',
  'generalDeviceFault',
  'timeFault',
] as const;
export type GlucoseStatusFlag = (typeof glucoseStatusBits)[number];

export function glucoseStatusOf(bits: number): GlucoseStatusFlag[] {
  return glucoseStatusBits.filter((_, bit) => (bits & (1 << bit)) !== 0);
}

export interface GlucoseMeasurement {
  sequenceNumber: number;
  baseTime: DeviceDateTime;
  /** Minutes to add to the base time (signed); null when absent. */
  timeOffsetMinutes: number | null;
  /** In `unit`; null when the meter sent no concentration (flags bit 1 clear). */
  concentration: number | null;
  unit: 'kg/L' | 'mol/L' | null;
  sampleType: GlucoseSampleType | null;
  sampleLocation: GlucoseSampleLocation | null;
  statusBits: number | null;
  status: GlucoseStatusFlag[];
  /** A Glucose Measurement Context (0x2A34) with the same sequence number follows. */
  contextFollows: boolean;
}

/** Decodes one Glucose Measurement value (10 to 17 bytes). */
export function decodeGlucoseMeasurement(source: ByteSource): DecodeResult<GlucoseMeasurement> {
  return decoded(() => {
    const reader = new Reader(bytesOf(source));
    const flags = reader.uint8('flags');
    const sequenceNumber = reader.uint16('sequenceNumber');
    const baseTime = dateTime(reader, 'baseTime');
    const timeOffsetMinutes = flags & 0x01 ? reader.sint16('timeOffset') : null;
    let concentration: number | null = null;
    let sampleType: GlucoseSampleType | null = null;
    let sampleLocation: GlucoseSampleLocation | null = null;
    if (flags & 0x02) {
      concentration = sfloat(reader, 'concentration');
      // One byte: type in the low nibble, sample location in the high nibble.
      const typeAndLocation = reader.uint8('typeAndLocation');
      sampleType = sampleTypes[typeAndLocation & 0x0f] ?? 'reserved';
      sampleLocation = sampleLocations[typeAndLocation >> 4] ?? 'reserved';
    }
    const statusBits = flags & 0x08 ? reader.uint16('sensorStatus') : null;
    reader.end('flags');
    return {
      sequenceNumber,
      baseTime,
      timeOffsetMinutes,
      concentration,
      unit: flags & 0x02 ? (flags & 0x04 ? 'mol/L' : 'kg/L') : null,
      sampleType,
      sampleLocation,
      statusBits,
      status: statusBits === null ? [] : glucoseStatusOf(statusBits),
      contextFollows: (flags & 0x10) !== 0,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Record Access Control Point 0x2A52

export const racpOpCodes = { reportStoredRecords: 1, deleteStoredRecords: 2, abortOperation: 3, reportNumberOfStoredRecords: 4, numberOfStoredRecordsResponse: 5, responseCode: 6 } as const;
export const racpOperators = { null: 0, allRecords: 1, lessThanOrEqualTo: 2, greaterThanOrEqualTo: 3, withinRange: 4, firstRecord: 5, lastRecord: 6 } as const;
/** Filter types of an operand: 1 sequence number, 2 user-facing time. */
export const racpFilterTypes = { sequenceNumber: 1, userFacingTime: 2 } as const;

export type RacpResponseName =
  | 'success'
  | 'opCodeNotSupported'
  | 'invalidOperator'
  | 'operatorNotSupported'
  | 'invalidOperand'
  | 'noRecordsFound'
  | 'abortUnsuccessful'
  | 'procedureNotCompleted'
  | 'operandNotSupported'
  | 'reserved';

const racpResponseNames: Record<number, RacpResponseName> = {
  1: 'success',
  2: 'opCodeNotSupported',
  3: 'invalidOperator',
  4: 'operatorNotSupported',
  5: 'invalidOperand',
  6: 'noRecordsFound',
  7: 'abortUnsuccessful',
  8: 'procedureNotCompleted',
  9: 'operandNotSupported',
};

/** `01 01`: send every stored record. */
export function racpReportAllRecords(): Uint8Array {
  return Uint8Array.of(racpOpCodes.reportStoredRecords, racpOperators.allRecords);
}

/** `01 03 01 LL HH`: send the records whose sequence number is ≥ `sequenceNumber`. */
export function racpReportRecordsFrom(sequenceNumber: number): DecodeResult<Uint8Array> {
  return decoded(() => {
    if (!Number.isInteger(sequenceNumber) || sequenceNumber < 0 || sequenceNumber > 0xffff) fail('racp_operand_out_of_range', 'sequenceNumber');
    return Uint8Array.of(racpOpCodes.reportStoredRecords, racpOperators.greaterThanOrEqualTo, racpFilterTypes.sequenceNumber, sequenceNumber & 0xff, sequenceNumber >> 8);
  });
}

/**
 * Incremental sync: the records after the last one imported (sequence ≥ last + 1). After the
 * meter's largest sequence number there is nothing to ask for: an `operand out of range` error.
 */
export function racpReportRecordsAfter(lastSequenceNumber: number): DecodeResult<Uint8Array> {
  return racpReportRecordsFrom(lastSequenceNumber + 1);
}

/** `04 01`: how many records are stored (answered with op code 5). */
export function racpReportNumberOfAllRecords(): Uint8Array {
  return Uint8Array.of(racpOpCodes.reportNumberOfStoredRecords, racpOperators.allRecords);
}

/** `03 00`: stop the transfer in progress. */
export function racpAbort(): Uint8Array {
  return Uint8Array.of(racpOpCodes.abortOperation, racpOperators.null);
}

export type RacpResponse =
  | { kind: 'responseCode'; requestOpCode: number; responseCode: number; response: RacpResponseName }
  | { kind: 'numberOfRecords'; count: number };

/** Parses what the meter indicates on the RACP: `06 00 <request op> <code>` or `05 00 LL HH`. */
export function parseRacpResponse(source: ByteSource): DecodeResult<RacpResponse> {
  return decoded((): RacpResponse => {
    const reader = new Reader(bytesOf(source));
    const opCode = reader.uint8('opCode');
    reader.uint8('operator');
    if (opCode === racpOpCodes.responseCode) {
      const requestOpCode = reader.uint8('requestOpCode');
      const responseCode = reader.uint8('responseCode');
      reader.end('responseCode');
      return { kind: 'responseCode', requestOpCode, responseCode, response: racpResponseNames[responseCode] ?? 'reserved' };
    }
    if (opCode === racpOpCodes.numberOfStoredRecordsResponse) {
      const count = reader.uint16('numberOfRecords');
      reader.end('numberOfRecords');
      return { kind: 'numberOfRecords', count };
    }
    return fail('racp_op_code_unknown', 'opCode');
  });
}

/** Bytes as the lowercase hex the service accepts ("1e8a00…"), and back. */
export function toHex(source: ByteSource): string {
  return Array.from(bytesOf(source), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function fromHex(hex: string): Uint8Array | null {
  const text = hex.replace(/\s+/g, '');
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return null;
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
