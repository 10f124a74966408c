/**
 * A decoded meter record → the home reading the passbook stores, or the reason it cannot be one.
 * Shared by the mini-program (to say "3 条新读数" before sending) and the service (which decodes the
 * raw bytes again and stores what this returns), so both agree on every record.
 *
 * - The meter's clock has no time zone: our residents set it to local time, so it is read as
 *   Asia/Shanghai. A record without a full date (year, month or day 0 = unknown, as in Nordic's
 *   test vector) cannot be placed on the chart or deduplicated: skipped with `timestamp_missing`.
 * - Units: 1 kPa = 7.50062 mmHg (standard conversion); glucose kg/L × 100 000 = mg/dL, mg/dL ÷
 *   18.016 = mmol/L (glucose 180.16 g/mol); mol/L × 1000 = mmol/L. mmHg to whole numbers, mmol/L to
 *   one decimal, as the readings screens show them.
 * - A control-solution test is not the resident's blood; a record the meter flags as faulty
 *   (strip error, sensor fault, result out of range, read interrupted, time fault, temperature) is
 *   not a measurement to grade: both skipped. Low battery alone is not a fault.
 * - The record key is the meter's own identity of the record: BP meters have no sequence number,
 *   so it is the timestamp (and user); glucose records carry their sequence number and timestamp.
 *   With the meter's id it makes the reading id, so a second sync of the same records stores nothing.
 */
import { isCalendarDay, toInstant } from '../time/shanghai';
import { glucoseStatusBits, type BloodPressureMeasurement, type DeviceDateTime, type GlucoseMeasurement, type GlucoseStatusFlag } from './bluetooth';

export const MMHG_PER_KPA = 7.50062;
export const MG_PER_DL_PER_MMOL_PER_L = 18.016;

export type DeviceRecordSkip = 'timestamp_missing' | 'timestamp_invalid' | 'no_concentration' | 'control_solution' | 'device_reported_error';

export const deviceRecordSkipMessages: Record<DeviceRecordSkip, string> = {
  timestamp_missing: '设备没有记录测量时间，请先在设备上设置日期和时间',
  timestamp_invalid: '设备记录的测量时间不正确',
  no_concentration: '这条记录没有血糖数值',
  control_solution: '这是质控液测试，不是您的血糖',
  device_reported_error: '设备提示这次测量有误，请重新测量',
};

export interface DeviceBpReading {
  measure: 'bp';
  recordKey: string;
  measuredAt: Date;
  systolicMmHg: number;
  diastolicMmHg: number;
  heartRateBpm: number | null;
  /** What the meter said about the measurement, in plain words. */
  notes: string[];
}

export interface DeviceGlucoseReading {
  measure: 'glucose';
  recordKey: string;
  sequenceNumber: number;
  measuredAt: Date;
  glucoseMmolL: number;
  notes: string[];
}

export type DeviceReadingResult<R> = { ok: true; reading: R } | { ok: false; skip: DeviceRecordSkip; message: string };

const skipped = (skip: DeviceRecordSkip): { ok: false; skip: DeviceRecordSkip; message: string } => ({ ok: false, skip, message: deviceRecordSkipMessages[skip] });
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The meter's clock reading as an instant (Shanghai wall time), or why it cannot be one. */
export function instantOfDeviceTime(t: DeviceDateTime | null, offsetMinutes = 0): { ok: true; at: Date } | { ok: false; skip: DeviceRecordSkip } {
  if (!t || t.year === null || t.month === null || t.day === null) return { ok: false, skip: 'timestamp_missing' };
  const day = `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
  if (!isCalendarDay(day)) return { ok: false, skip: 'timestamp_invalid' };
  const ms = toInstant(day).getTime() + ((t.hours * 60 + t.minutes + offsetMinutes) * 60 + t.seconds) * 1000;
  return { ok: true, at: new Date(ms) };
}

/** "20260310071500" in Shanghai wall time: stable, sortable and free of characters ids may not hold. */
function compactShanghaiTime(at: Date): string {
  const wall = new Date(at.getTime() + 8 * 3_600_000);
  return `${pad(wall.getUTCFullYear(), 4)}${pad(wall.getUTCMonth() + 1)}${pad(wall.getUTCDate())}${pad(wall.getUTCHours())}${pad(wall.getUTCMinutes())}${pad(wall.getUTCSeconds())}`;
}

const bpNotes: Array<[keyof NonNullable<BloodPressureMeasurement['status']>, string]> = [
  ['bodyMovement', '测量时身体有移动'],
  ['cuffTooLoose', '袖带偏松'],
  ['irregularPulse', '检测到脉搏不齐'],
  ['improperPosition', '测量姿势不正确'],
];

export function bpReadingOf(m: BloodPressureMeasurement): DeviceReadingResult<DeviceBpReading> {
  const time = instantOfDeviceTime(m.timestamp);
  if (!time.ok) return skipped(time.skip);
  const toMmHg = (v: number) => Math.round(m.unit === 'kPa' ? v * MMHG_PER_KPA : v);
  const notes = m.status ? bpNotes.filter(([flag]) => m.status?.[flag] === true).map(([, text]) => text) : [];
  if (m.status && (m.status.pulseRateRange === 'aboveUpperLimit' || m.status.pulseRateRange === 'belowLowerLimit')) notes.push('脉搏超出血压计的正常范围');
  return {
    ok: true,
    reading: {
      measure: 'bp',
      recordKey: `bp-${compactShanghaiTime(time.at)}${m.userId === null ? '' : `-u${m.userId}`}`,
      measuredAt: time.at,
      systolicMmHg: toMmHg(m.systolic),
      diastolicMmHg: toMmHg(m.diastolic),
      heartRateBpm: m.pulseRateBpm === null ? null : Math.round(m.pulseRateBpm),
      notes,
    },
  };
}

/** Flags that make a glucose result unusable: all but `batteryLow`. */
const faultFlags: ReadonlySet<GlucoseStatusFlag> = new Set(glucoseStatusBits.filter((flag) => flag !== 'batteryLow'));

export function glucoseMmolLOf(concentration: number, unit: 'kg/L' | 'mol/L'): number {
  const mmolL = unit === 'mol/L' ? concentration * 1000 : (concentration * 100_000) / MG_PER_DL_PER_MMOL_PER_L;
  return Math.round(mmolL * 10) / 10;
}

export function glucoseReadingOf(m: GlucoseMeasurement): DeviceReadingResult<DeviceGlucoseReading> {
  if (m.sampleType === 'controlSolution' || m.sampleLocation === 'controlSolution') return skipped('control_solution');
  if (m.status.some((flag) => faultFlags.has(flag))) return skipped('device_reported_error');
  if (m.concentration === null || m.unit === null) return skipped('no_concentration');
  const time = instantOfDeviceTime(m.baseTime, m.timeOffsetMinutes ?? 0);
  if (!time.ok) return skipped(time.skip);
  return {
    ok: true,
    reading: {
      measure: 'glucose',
      recordKey: `gl-${m.sequenceNumber}-${compactShanghaiTime(time.at)}`,
      sequenceNumber: m.sequenceNumber,
      measuredAt: time.at,
      glucoseMmolL: glucoseMmolLOf(m.concentration, m.unit),
      notes: m.status.includes('batteryLow') ? ['血糖仪电量低'] : [],
    },
  };
}

/** When a home BP was taken, as the entry screen asks it: morning 04:00–11:59, evening 17:00–23:59 (Shanghai). */
export function timeOfDayOf(at: Date): 'morning' | 'evening' | 'other' {
  const hour = new Date(at.getTime() + 8 * 3_600_000).getUTCHours();
  if (hour >= 4 && hour < 12) return 'morning';
  if (hour >= 17) return 'evening';
  return 'other';
}
