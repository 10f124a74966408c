import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import type { MeterImportResult, MeterView, meterImportBody } from '../../shared/api/devices';
import type { z } from 'zod';
import { decodeBloodPressureMeasurement, decodeGlucoseMeasurement, fromHex } from '../../shared/devices/bluetooth';
import { bpReadingOf, glucoseReadingOf, timeOfDayOf, type DeviceBpReading, type DeviceGlucoseReading } from '../../shared/devices/deviceReadings';
import type { Allowed } from '../authz/authorize';
import type { AppDeps } from '../deps';
import type { AccountActor } from '../http/actor';
import { AppError } from '../http/errors';
import type { ResidentDoc } from '../models/resident';
import { readingLogger } from '../records/readingLogger';
import type { ReadingBody } from '../../shared/api/readings';

/**
 * Readings straight from a Bluetooth meter. The app sends the characteristic values as the meter
 * sent them; each is decoded here with the shared decoders (shared/devices/bluetooth.ts) and turned
 * into a home reading (shared/devices/deviceReadings.ts) with the meter's own timestamp, then
 * logged like a typed one (plausibility, grading, urgent alerts, the home-reading event) with
 * source `device`:
 *
 * - The reading id is the meter's identity plus the record's own key — `m<hash(meterKey)>-bp-<time>`
 *   or `…-gl-<sequence>-<time>` — so a second sync, from this phone or a family member's, stores
 *   nothing new (`alreadyImported`).
 * - Points: exactly as a typed home reading (≤ 1 per measure per day, ≤ 60 a month); never the
 *   clinic-verified rules (quarterly 达标), which only clinic values meet.
 * - Records that cannot become a reading (no date on the meter, control solution, a fault the
 *   meter reported, malformed bytes, implausible values) are listed in `skipped` with the reason.
 * - The meter is remembered (`meters`): its last glucose sequence number lets the next sync ask
 *   only for newer records.
 */
type ResidentSubject = ResidentDoc & { _id: Types.ObjectId };
export type MeterImportBody = z.output<typeof meterImportBody>;

const duplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

/** The meter itself, whichever phone sees it: serial number, else advertised name, else the platform id. */
export function meterKeyOf(meter: MeterImportBody['meter']): string {
  if (meter.serialNumber) return `sn:${meter.serialNumber}`;
  if (meter.name) return `name:${meter.name}`;
  return `id:${meter.deviceId}`;
}

interface StoredMeter {
  _id: Types.ObjectId;
  profile: 'bloodPressure' | 'glucose';
  name: string;
  lastDeviceId: string;
  lastSequence: number | null;
  lastSyncedAt: Date;
}

/** The meters paired for a resident, last synced first. */
export async function metersOf(deps: AppDeps, residentId: Types.ObjectId): Promise<MeterView[]> {
  const meters = await deps.models.Meter.find({ residentId }).sort({ lastSyncedAt: -1 }).lean();
  return meters.map((m) => presentMeter(m as unknown as StoredMeter));
}

export function presentMeter(m: StoredMeter): MeterView {
  return { meterId: String(m._id), profile: m.profile, name: m.name, lastDeviceId: m.lastDeviceId, lastSequence: m.lastSequence ?? null, lastSyncedAt: m.lastSyncedAt.toISOString() };
}

async function rememberMeter(deps: AppDeps, residentId: Types.ObjectId, meter: MeterImportBody['meter']): Promise<StoredMeter> {
  const now = deps.clock.now();
  const filter = { residentId, meterKey: meterKeyOf(meter) };
  const update = { $setOnInsert: { ...filter, profile: meter.profile, pairedAt: now, lastSequence: null }, $set: { name: meter.name, lastDeviceId: meter.deviceId, lastSyncedAt: now } };
  const upsert = () => deps.models.Meter.findOneAndUpdate(filter, update, { upsert: true, returnDocument: 'after', lean: true });
  // Two first syncs racing on the upsert: the loser's retry updates the winner's document.
  const stored = await upsert().catch((err: unknown) => (duplicateKey(err) ? upsert() : Promise.reject(err)));
  return stored as unknown as StoredMeter;
}

/** A record as a reading, or why not; `sequenceNumber` whenever a glucose record decoded (even if skipped). */
type Decoded = ({ ok: true; reading: DeviceBpReading | DeviceGlucoseReading } | { ok: false; reason: string; message: string }) & { sequenceNumber?: number };

function decodeRecord(record: MeterImportBody['records'][number]): Decoded {
  const bytes = fromHex(record.valueHex);
  if (!bytes) return { ok: false, reason: 'not_hex', message: '设备数据格式不对' };
  if (record.characteristic === 'bloodPressureMeasurement') {
    const decoded = decodeBloodPressureMeasurement(bytes);
    if (!decoded.ok) return { ok: false, reason: decoded.error.code, message: decoded.error.message };
    const reading = bpReadingOf(decoded.value);
    return reading.ok ? reading : { ok: false, reason: reading.skip, message: reading.message };
  }
  const decoded = decodeGlucoseMeasurement(bytes);
  if (!decoded.ok) return { ok: false, reason: decoded.error.code, message: decoded.error.message };
  const reading = glucoseReadingOf(decoded.value);
  const sequenceNumber = decoded.value.sequenceNumber;
  return reading.ok ? { ...reading, sequenceNumber } : { ok: false, reason: reading.skip, message: reading.message, sequenceNumber };
}

function readingBodyOf(reading: DeviceBpReading | DeviceGlucoseReading, clientReadingId: string): ReadingBody {
  const common = { clientReadingId, measuredAt: reading.measuredAt.toISOString(), source: 'device' as const };
  if (reading.measure === 'bp') {
    const one = { systolicMmHg: reading.systolicMmHg, diastolicMmHg: reading.diastolicMmHg, ...(reading.heartRateBpm !== null ? { heartRateBpm: reading.heartRateBpm } : {}) };
    return { ...common, measure: 'bp', readings: [one], timeOfDay: timeOfDayOf(reading.measuredAt) };
  }
  // A meter does not know whether the resident had eaten: graded as a random (non-fasting) value.
  return { ...common, measure: 'glucose', timing: 'random', glucoseMmolL: reading.glucoseMmolL };
}

export async function meterImporter(deps: AppDeps, input: { resident: ResidentSubject; actor: AccountActor; decision: Allowed; body: MeterImportBody }): Promise<MeterImportResult> {
  const { resident, actor, decision, body } = input;
  const meter = await rememberMeter(deps, resident._id, body.meter);
  const meterHash = createHash('sha256').update(meterKeyOf(body.meter)).digest('hex').slice(0, 12);
  const result: MeterImportResult = { meter: presentMeter(meter), imported: 0, alreadyImported: 0, skipped: [], readings: [] };
  let lastSequence: number | null = null;
  for (const [index, record] of body.records.entries()) {
    const decoded = decodeRecord(record);
    // Seen is seen: a skipped record is not asked for again either.
    if (decoded.sequenceNumber !== undefined) lastSequence = Math.max(lastSequence ?? 0, decoded.sequenceNumber);
    if (!decoded.ok) {
      result.skipped.push({ index, reason: decoded.reason, message: decoded.message });
      continue;
    }
    const { reading } = decoded;
    try {
      const logged = await readingLogger(deps, {
        resident,
        actor,
        decision,
        body: readingBodyOf(reading, `m${meterHash}-${reading.recordKey}`),
        device: { meterId: meter._id, recordKey: reading.recordKey, notes: reading.notes },
      });
      if (logged.duplicate) result.alreadyImported += 1;
      else result.imported += 1;
      result.readings.push({
        readingId: String(logged.reading._id),
        measure: reading.measure,
        measuredAt: logged.reading.measuredAt.toISOString(),
        values: reading.measure === 'bp' ? { systolicMmHg: reading.systolicMmHg, diastolicMmHg: reading.diastolicMmHg, ...(reading.heartRateBpm !== null ? { heartRateBpm: reading.heartRateBpm } : {}) } : { glucoseMmolL: reading.glucoseMmolL },
        notes: reading.notes,
        duplicate: logged.duplicate,
      });
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      const issues = (err.details as { issues?: Array<{ message?: string }> } | undefined)?.issues;
      result.skipped.push({ index, reason: err.code, message: issues?.[0]?.message ?? err.message });
    }
  }
  if (lastSequence !== null) {
    // Only ever forward: a slower sync of older records never moves it back.
    await deps.models.Meter.updateOne({ _id: meter._id, $or: [{ lastSequence: null }, { lastSequence: { $lt: lastSequence } }] }, { $set: { lastSequence } });
    const current = await deps.models.Meter.findById(meter._id).lean();
    if (current) result.meter = presentMeter(current as unknown as StoredMeter);
  }
  return result;
}
