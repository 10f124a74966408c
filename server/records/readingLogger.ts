import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { ErrorCode } from '../../shared/errors';
import type { Allowed } from '../authz/authorize';
import type { AppDeps } from '../deps';
import type { AccountActor } from '../http/actor';
import { AppError, conflict, forbidden } from '../http/errors';
import type { ResidentDoc } from '../models/resident';
import { stableJson } from '../integration/recordImporter';
import { readingPointsPreviewer } from '../passbook/pointsPreview';
import { alertRaiser } from './alertDesk';
import { clinicalContextOf } from './clinicalContext';
import { domainEventAppender } from './domainEvents';
import { assessReading, headlineOf, type AssessedReading, type Assessment } from './readingAssessor';
import type { ReadingBody } from '../../shared/api/readings';

/**
 * Logs one reading for a resident, idempotently by the app's `clientReadingId`:
 * - first attempt: validate (shared plausibility), assess (grade, target, urgency), insert;
 * - the same id again with the same content: the stored reading, `duplicate: true`;
 * - the same id with other content: `reading_id_reused_with_different_values` (409).
 * Derived writes — the alert for an urgent value (unique per reading) and the domain event
 * (unique per reading) — run after every attempt, so a retry completes what a crash left undone.
 * The answer says what the reading earns ("+2 积分") by the shared points rules, before the
 * consumer has credited it.
 */
export interface LogReadingInput {
  resident: ResidentDoc & { _id: Types.ObjectId };
  actor: AccountActor;
  decision: Allowed;
  body: ReadingBody;
  /** A Bluetooth meter's reading: which meter and what it said (server/devices/meterImporter.ts). */
  device?: { meterId: Types.ObjectId; recordKey: string; notes: string[] } | undefined;
}

const duplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

type EnteredBy = { accountId: Types.ObjectId | null; actingAs: 'resident' | 'proxy' | 'clinic'; proxyLinkId?: Types.ObjectId | null; integrationClientId?: string };

type StoredReading = {
  _id: Types.ObjectId;
  residentId: Types.ObjectId;
  clientReadingId: string;
  measure: string;
  measuredAt: Date;
  values: Record<string, unknown>;
  assessment: Assessment;
  urgent: boolean;
  source: 'manual' | 'device' | 'clinic';
  enteredBy: EnteredBy;
  payloadHash: string;
  createdAt: Date;
};

export function readingPayloadHash(body: ReadingBody): string {
  const { clientReadingId: _id, ...content } = body;
  return createHash('sha256').update(stableJson({ ...content, measuredAt: new Date(body.measuredAt).toISOString() })).digest('hex');
}

export async function readingLogger(deps: AppDeps, input: LogReadingInput) {
  const { resident, actor, decision, body } = input;
  const actingAs: 'resident' | 'proxy' | 'clinic' = decision.basis === 'self' ? 'resident' : decision.basis === 'proxy' ? 'proxy' : 'clinic';
  // Who may say "measured at the clinic" is a matter of role, not of shape.
  if (body.source === 'clinic' && actingAs !== 'clinic') throw forbidden('reading_source_clinic_staff_only');
  return readingStorer(deps, {
    resident,
    body: { ...body, source: actingAs === 'clinic' ? 'clinic' : body.source },
    enteredBy: { accountId: new Types.ObjectId(actor.accountId), actingAs, proxyLinkId: decision.proxyLinkId ? new Types.ObjectId(decision.proxyLinkId) : null },
    extra: input.device ? { device: input.device } : {},
    // A BP the service decoded from a meter's record, or the team's office value, is one
    // measurement by the device's protocol; a sitting typed at home needs its 2–3 readings.
    singleMeasurement: input.device !== undefined || actingAs === 'clinic',
    reusedWithOtherValues: 'reading_id_reused_with_different_values',
  });
}

/** What a stored reading keeps of its body and assessment, however it was entered (the app, a kiosk, the demo seed). */
export function assessedReadingFields(residentId: Types.ObjectId, body: ReadingBody, assessed: Extract<AssessedReading, { ok: true }>) {
  return {
    residentId,
    clientReadingId: body.clientReadingId,
    measure: body.measure,
    measuredAt: new Date(body.measuredAt),
    values: assessed.values,
    assessment: assessed.assessment,
    urgent: assessed.assessment.urgent,
    source: body.source,
  };
}

/**
 * Stores one reading by its id, whoever entered it (the app's logger above; a clinic kiosk through
 * server/devices/kioskReadings.ts): replay or refuse an id already used, else assess with the
 * resident's clinical context, insert, and run the derived writes.
 */
export async function readingStorer(
  deps: AppDeps,
  input: { resident: LogReadingInput['resident']; body: ReadingBody; enteredBy: EnteredBy; extra: Record<string, unknown>; singleMeasurement: boolean; reusedWithOtherValues: ErrorCode },
) {
  const { resident, body, enteredBy } = input;
  const payloadHash = readingPayloadHash(body);
  const replayOf = (existing: StoredReading) => replay(deps, resident, existing, payloadHash, input.reusedWithOtherValues);

  const existing = await deps.models.Reading.findOne({ residentId: resident._id, clientReadingId: body.clientReadingId }).lean<StoredReading>();
  if (existing) return replayOf(existing);

  const now = deps.clock.now();
  const context = await clinicalContextOf(deps, resident);
  const assessed = assessReading(body, context, now, { singleMeasurement: input.singleMeasurement });
  if (!assessed.ok) throw new AppError('reading_implausible', 422, { issues: assessed.issues });

  const doc = {
    _id: new Types.ObjectId(),
    ...assessedReadingFields(resident._id, body, assessed),
    enteredBy,
    payloadHash,
    createdAt: now,
    ...input.extra,
  };
  try {
    await deps.models.Reading.create(doc);
  } catch (err) {
    if (!duplicateKey(err)) throw err;
    // Two attempts raced: the other one stored it first.
    const winner = await deps.models.Reading.findOne({ residentId: resident._id, clientReadingId: body.clientReadingId }).lean<StoredReading>();
    if (!winner) throw err;
    return replayOf(winner);
  }
  const stored = doc as StoredReading;
  const alert = await derivedWrites(deps, resident, stored);
  return { reading: stored, duplicate: false, alert, points: await readingPointsPreviewer(deps, stored) };
}

async function replay(deps: AppDeps, resident: LogReadingInput['resident'], existing: StoredReading, payloadHash: string, reusedWithOtherValues: ErrorCode) {
  if (existing.payloadHash !== payloadHash) throw conflict(reusedWithOtherValues, { readingId: String(existing._id) });
  const alert = await derivedWrites(deps, resident, existing);
  return { reading: existing, duplicate: true, alert, points: await readingPointsPreviewer(deps, existing) };
}

async function derivedWrites(deps: AppDeps, resident: LogReadingInput['resident'], reading: StoredReading) {
  const alert = reading.urgent
    ? await alertRaiser(deps, {
        readingId: reading._id,
        residentId: resident._id,
        institutionId: resident.institutionId,
        teamId: resident.teamId ?? null,
        measure: reading.measure,
        reasons: reading.assessment.urgentReasons,
        values: headlineOf(reading.measure, reading.values),
        measuredAt: reading.measuredAt,
      })
    : null;
  if (reading.enteredBy.actingAs !== 'clinic') {
    await domainEventAppender(deps, {
      eventId: `reading:${String(reading._id)}`,
      type: 'homeReadingLogged',
      residentId: resident._id,
      occurredAt: reading.measuredAt,
      payload: { readingId: String(reading._id), measure: reading.measure, source: reading.source, actingAs: reading.enteredBy.actingAs, urgent: reading.urgent },
    });
  }
  return alert;
}

export function presentReading(reading: StoredReading | (Omit<StoredReading, 'enteredBy'> & { enteredBy: { actingAs: string } })) {
  return {
    readingId: String(reading._id),
    clientReadingId: reading.clientReadingId,
    measure: reading.measure as 'bp',
    measuredAt: reading.measuredAt.toISOString(),
    values: reading.values,
    assessment: reading.assessment,
    source: reading.source,
    actingAs: reading.enteredBy.actingAs as 'resident',
    createdAt: reading.createdAt.toISOString(),
  };
}
