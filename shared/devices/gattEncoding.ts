/**
 * The inverse of ./bluetooth.ts: values → the bytes a meter would send. Used by the simulated
 * meters (miniapp/platform/ble, the H5 development stand-in) and by the decoder tests' round trips;
 * production code only decodes. Layouts as in ./bluetooth.ts.
 */
import type { DeviceDateTime } from './bluetooth';

/**
 * The SFLOAT word for a value with the given number of decimals (mantissa × 10^-decimals), e.g.
 * (18.9, 1) → 0xF0BD. Throws when the mantissa does not fit 12 bits: a test or simulator bug.
 */
export function encodeSfloat(value: number, decimals = 0): number {
  const mantissa = Math.round(value * 10 ** decimals);
  if (mantissa < -2046 || mantissa > 2045) throw new RangeError(`SFLOAT mantissa out of range: ${value} with ${decimals} decimals`);
  const exponent = -decimals;
  if (exponent < -8 || exponent > 7) throw new RangeError(`SFLOAT exponent out of range: ${exponent}`);
  return ((exponent & 0x0f) << 12) | (mantissa & 0x0fff);
}

const u16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];

function dateTimeBytes(t: DeviceDateTime): number[] {
  return [...u16(t.year ?? 0), t.month ?? 0, t.day ?? 0, t.hours, t.minutes, t.seconds];
}

export interface BloodPressureRecord {
  unit?: 'mmHg' | 'kPa';
  systolic: number;
  diastolic: number;
  meanArterialPressure?: number | null;
  /** Decimals of the pressures' SFLOATs (kPa values need 1). */
  decimals?: number;
  timestamp?: DeviceDateTime;
  pulseRateBpm?: number;
  userId?: number;
  statusBits?: number;
}

export function encodeBloodPressureMeasurement(r: BloodPressureRecord): Uint8Array {
  const decimals = r.decimals ?? 0;
  let flags = r.unit === 'kPa' ? 0x01 : 0;
  const body: number[] = [
    ...u16(encodeSfloat(r.systolic, decimals)),
    ...u16(encodeSfloat(r.diastolic, decimals)),
    ...u16(r.meanArterialPressure === null || r.meanArterialPressure === undefined ? 0x07ff : encodeSfloat(r.meanArterialPressure, decimals)),
  ];
  if (r.timestamp) {
    flags |= 0x02;
    body.push(...dateTimeBytes(r.timestamp));
  }
  if (r.pulseRateBpm !== undefined) {
    flags |= 0x04;
    body.push(...u16(encodeSfloat(r.pulseRateBpm)));
  }
  if (r.userId !== undefined) {
    flags |= 0x08;
    body.push(r.userId);
  }
  if (r.statusBits !== undefined) {
    flags |= 0x10;
    body.push(...u16(r.statusBits));
  }
  return Uint8Array.from([flags, ...body]);
}

export interface GlucoseRecord {
  sequenceNumber: number;
  baseTime: DeviceDateTime;
  timeOffsetMinutes?: number;
  /** In mol/L when unit is 'mol/L' (5.6 mmol/L = 0.0056), kg/L otherwise. */
  concentration?: number;
  unit?: 'kg/L' | 'mol/L';
  concentrationDecimals?: number;
  /** Type code (low nibble) and location code (high nibble). */
  typeCode?: number;
  locationCode?: number;
  statusBits?: number;
  contextFollows?: boolean;
}

export function encodeGlucoseMeasurement(r: GlucoseRecord): Uint8Array {
  let flags = r.contextFollows ? 0x10 : 0;
  const body: number[] = [...u16(r.sequenceNumber), ...dateTimeBytes(r.baseTime)];
  if (r.timeOffsetMinutes !== undefined) {
    flags |= 0x01;
    body.push(...u16(r.timeOffsetMinutes & 0xffff));
  }
  if (r.concentration !== undefined) {
    flags |= 0x02;
    if (r.unit === 'mol/L') flags |= 0x04;
    body.push(...u16(encodeSfloat(r.concentration, r.concentrationDecimals ?? 0)), ((r.locationCode ?? 1) << 4) | (r.typeCode ?? 1));
  }
  if (r.statusBits !== undefined) {
    flags |= 0x08;
    body.push(...u16(r.statusBits));
  }
  return Uint8Array.from([flags, ...body]);
}

/** `06 00 <request op code> <response code>` */
export function encodeRacpResponseCode(requestOpCode: number, responseCode: number): Uint8Array {
  return Uint8Array.of(6, 0, requestOpCode, responseCode);
}

/** `05 00 LL HH` */
export function encodeRacpNumberOfRecords(count: number): Uint8Array {
  return Uint8Array.of(5, 0, ...u16(count));
}
