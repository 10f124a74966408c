import { createHmac } from 'node:crypto';
import { Types, type Model } from 'mongoose';
import { checkPlausibility, clinicalReasonMessages, type MeasurementInput } from '../../shared/clinical';
import type { ErrorCode } from '../../shared/errors';
import { validateIdNumber, validatePersonName, validatePhone } from '../../shared/identity';
import { toInstant } from '../../shared/time/shanghai';
import { can } from '../authz/can';
import type { AppDeps } from '../deps';
import { classificationToStore } from '../followups/classification';
import { riskFactorFieldsOf } from '../records/riskFactors';
import { followUpEventOf } from '../followups/followUpEvent';
import { bookingAttendanceFromFollowUp } from '../followups/visitAttendance';
import type { IntegrationActor } from '../http/actor';
import { AppError, conflict } from '../http/errors';
import { idNumberHashOf, phoneHashOf } from '../identity/residentArchive';
import { encryptField } from '../privacy/fieldCrypto';
import { domainEventAppender } from '../records/domainEvents';
import { kioskReadingWriter } from '../devices/kioskReadings';
import { afterPlanChange } from '../medication/planEffects';
import { medicationPlanWriter } from '../medication/planWriter';
import type { AnyRecord, RecordBody, RecordType } from './recordSchemas';

/**
 * Applies one pushed record: an idempotent single-document upsert keyed by the source system's id,
 * then its derived writes (domain events, the resident's team), each idempotent too. The single
 * endpoints and every line of the batch import come through here, so they behave identically.
 *
 * Result: `created` (first time), `unchanged` (same content again: nothing written), `updated`
 * (new content: one conditional update on the previous content hash). A rejected record throws an
 * AppError with its code and nothing of it is written. Derived writes run on every outcome, so a
 * push that crashed half-way is completed by pushing it again.
 */
export type ImportOutcome = { result: 'created' | 'updated' | 'unchanged'; recordId: string; residentId: string };

const rejected = (code: ErrorCode, details?: unknown) => new AppError(code, 422, details);
const duplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

export async function recordImporter(deps: AppDeps, actor: IntegrationActor, record: AnyRecord): Promise<ImportOutcome> {
  switch (record.type) {
    case 'archive':
      return importArchive(deps, actor, record.sourceId, record.body);
    case 'diagnosis':
      return importDiagnosis(deps, actor, record.sourceId, record.body);
    case 'contract':
      return importContract(deps, actor, record.sourceId, record.body);
    case 'screening':
    case 'labResult':
      return importLabResult(deps, actor, record.type, record.sourceId, record.body);
    case 'followUp':
      return importFollowUp(deps, actor, record.sourceId, record.body);
    case 'medicationPlan':
      return importMedicationPlan(deps, actor, record.sourceId, record.body);
    case 'intervention':
      return importIntervention(deps, actor, record.sourceId, record.body);
    case 'kioskReading':
      return kioskReadingWriter(deps, actor, record.sourceId, record.body, await residentOf(deps, actor, record.body.residentSourceId));
  }
}

// ---------------------------------------------------------------------------------------------
// Shared machinery

/** Keyed hash of the normalized record: equal content → equal hash, and no ID number can be guessed from it. */
export function contentHashOf(deps: AppDeps, type: RecordType | 'specialistVisit' | 'referral', body: unknown): string {
  return createHmac('sha256', deps.config.crypto.lookupHmacKey).update(`record:${type}\u0000${stableJson(body)}`).digest('base64url');
}

export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value instanceof Date ? value.toISOString() : value) ?? 'null';
}

interface SourceKey {
  institutionId: string;
  sourceType: string;
  sourceId: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- every source-record model shares these fields
type SourceModel = Model<any>;
type StoredSource = { _id: Types.ObjectId; residentId: Types.ObjectId; contentHash: string };

/**
 * What a second write under the same source key with other content does: a clinic system corrects
 * its record (`update`); a staff client that reused its request id for another request is refused
 * with the given code (409), because one idempotency key means one request.
 */
export type OnChangedContent = 'update' | { refuseWith: ErrorCode };

/**
 * Where a clinical record comes from: the institution whose key space it lives in, the source id
 * (the clinic system's own id, or `staff:<residentId>:<clientRequestId>` for a doctor's entry), the
 * keyed hash of the request as received (equal requests → equal hash) and what differing content
 * under the same key does. The integration API and the doctor's routes both write through the
 * writers below, so the record, its domain event (and thus the points) are the same either way.
 */
export interface RecordOrigin {
  institutionId: string;
  sourceId: string;
  contentHash: string;
  onChangedContent: OnChangedContent;
}

type ResidentRef = { _id: Types.ObjectId; teamId?: string | null };

/**
 * Insert-if-absent by the source key, else compare hashes, else one conditional update on the old
 * hash. A lost race (another push changed it in between) is retried against the new state.
 */
async function upsertSourceRecord(
  deps: AppDeps,
  model: SourceModel,
  key: SourceKey,
  residentId: Types.ObjectId,
  contentHash: string,
  fields: Record<string, unknown>,
  onChangedContent: OnChangedContent = 'update',
): Promise<{ result: ImportOutcome['result']; doc: StoredSource }> {
  const now = deps.clock.now();
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const newId = new Types.ObjectId();
    let doc: StoredSource | null;
    try {
      doc = await model.findOneAndUpdate(
        key,
        { $setOnInsert: { _id: newId, ...key, residentId, contentHash, ...fields, importedAt: now, updatedAt: now } },
        { upsert: true, returnDocument: 'after', lean: true },
      );
    } catch (err) {
      if (duplicateKey(err)) continue;
      throw err;
    }
    if (!doc) throw new Error('source record upsert returned nothing');
    if (doc._id.equals(newId)) return { result: 'created', doc };
    if (!doc.residentId.equals(residentId)) throw rejected('record_resident_cannot_change');
    if (doc.contentHash === contentHash) return { result: 'unchanged', doc };
    if (onChangedContent !== 'update') throw conflict(onChangedContent.refuseWith);
    const updated = await model.findOneAndUpdate(
      { _id: doc._id, contentHash: doc.contentHash },
      { $set: { contentHash, ...fields, updatedAt: now } },
      { returnDocument: 'after', lean: true },
    );
    if (updated) return { result: 'updated', doc: updated as StoredSource };
  }
  throw new Error(`source record ${key.sourceType}:${key.sourceId} kept changing under concurrent pushes`);
}

/** The resident a record names by its archive's source id, if this client may write to them. */
async function residentOf(deps: AppDeps, actor: IntegrationActor, residentSourceId: string) {
  const link = await deps.models.ArchiveSource.findOne({ institutionId: actor.institutionId, sourceType: 'archive', sourceId: residentSourceId }).lean();
  const resident = link ? await deps.models.Resident.findById(link.residentId).lean() : null;
  if (!resident) throw rejected('archive_not_found', { residentSourceId });
  const decision = can(actor, 'resident.archive.write', {
    kind: 'resident',
    residentId: String(resident._id),
    institutionId: resident.institutionId,
    teamId: resident.teamId ?? null,
  });
  if (!decision.allowed) throw new AppError('access_denied', 403);
  return resident;
}

function assertPlausible(input: MeasurementInput, now: Date): void {
  const check = checkPlausibility(input, now);
  if (!check.ok) {
    throw rejected('record_implausible', { issues: check.errors.map((e) => ({ field: e.field, code: e.code, message: clinicalReasonMessages[e.code] })) });
  }
}

const outcome = (result: ImportOutcome['result'], doc: StoredSource): ImportOutcome => ({ result, recordId: String(doc._id), residentId: String(doc.residentId) });
const dayStart = (day: string) => toInstant(day);

// ---------------------------------------------------------------------------------------------
// Archives

async function importArchive(deps: AppDeps, actor: IntegrationActor, sourceId: string, body: RecordBody<'archive'>): Promise<ImportOutcome> {
  const name = validatePersonName(body.name);
  if (!name.ok) throw rejected(name.reason);
  const id = validateIdNumber(body.idNumber, deps.clock.now());
  if (!id.ok) throw rejected(id.reason);
  let phone: string | null = null;
  if (body.phone) {
    const checked = validatePhone(body.phone);
    if (!checked.ok) throw rejected(checked.reason);
    phone = checked.value;
  }
  const keys = deps.config.crypto;
  const idNumberHash = idNumberHashOf(deps, id.value);
  const contentHash = contentHashOf(deps, 'archive', body);
  const editable = {
    name: name.value,
    phoneEncrypted: phone ? encryptField(keys, 'phone', phone) : null,
    phoneHash: phone ? phoneHashOf(deps, phone) : null,
    // Omitted: the team stays as it is (a contract may have set it).
    ...(body.teamId === undefined ? {} : { teamId: body.teamId }),
    heightCm: body.heightCm ?? null,
    clinicalTargets: body.clinicalTargets
      ? { bpOffice: body.clinicalTargets.bpOffice ?? null, bpHome: body.clinicalTargets.bpHome ?? null, ascvdRiskLevel: body.clinicalTargets.ascvdRiskLevel ?? null }
      : null,
    status: body.status,
    // Only the risk factors the clinic sent: what the team recorded in the app for the others stays.
    ...riskFactorFieldsOf(body.riskFactors ?? {}, deps.clock.now()),
  };
  const key = { institutionId: actor.institutionId, sourceType: 'archive', sourceId };

  const existing = await deps.models.ArchiveSource.findOne(key).lean();
  if (existing) {
    const resident = await deps.models.Resident.findById(existing.residentId).lean();
    if (!resident) throw new Error(`archive source ${sourceId} points at a missing resident`);
    if (resident.idNumberHash !== idNumberHash) throw rejected('archive_id_number_cannot_change');
    const decision = can(actor, 'resident.archive.write', { kind: 'resident', residentId: String(resident._id), institutionId: resident.institutionId, teamId: resident.teamId ?? null });
    if (!decision.allowed) throw new AppError('access_denied', 403);
    if (existing.contentHash === contentHash) return outcome('unchanged', existing);
    // The resident first, then the hash: a crash in between leaves the old hash, so a re-push redoes it.
    await deps.models.Resident.updateOne({ _id: resident._id }, { $set: editable });
    const { result, doc } = await upsertSourceRecord(deps, deps.models.ArchiveSource, key, resident._id, contentHash, { data: archiveData(body) });
    return outcome(result, doc);
  }

  // A new archive id. The ID number may already have an archive: another institution's is never
  // touched; one this institution already pushes under another id is refused (one person, one id,
  // or two systems would overwrite each other's height and targets); one made here without an id
  // (a clinic desk, the demo) is linked, its own values kept and only its blanks filled.
  const current = await deps.models.Resident.findOne({ idNumberHash }).lean();
  if (current && current.institutionId !== actor.institutionId) throw rejected('archive_belongs_to_another_institution');
  if (current) {
    await refuseSecondArchiveId(deps, actor, current._id);
    const blanks = Object.fromEntries(Object.entries(editable).filter(([field, value]) => value !== null && value !== undefined && (current as Record<string, unknown>)[field] == null));
    if (Object.keys(blanks).length > 0) await deps.models.Resident.updateOne({ _id: current._id }, { $set: blanks });
    const { result, doc } = await linkArchiveId(deps, actor, key, current._id, contentHash, body);
    return outcome(result, doc);
  }
  let resident;
  try {
    // Filtering on the institution too makes "someone else's archive" a duplicate-key failure;
    // everything is set on insert only, so a concurrent push that lost the race changes nothing.
    resident = await deps.models.Resident.findOneAndUpdate(
      { idNumberHash, institutionId: actor.institutionId },
      {
        $setOnInsert: {
          idNumberEncrypted: encryptField(keys, 'idNumber', id.value),
          idNumberHash,
          birthDate: id.birthDate,
          sex: id.sex,
          institutionId: actor.institutionId,
          accountId: null,
          boundAt: null,
          ...editable,
        },
      },
      { upsert: true, returnDocument: 'after', lean: true },
    );
  } catch (err) {
    if (duplicateKey(err)) throw rejected('archive_belongs_to_another_institution');
    throw err;
  }
  if (!resident) throw new Error('resident upsert returned nothing');
  const { result, doc } = await linkArchiveId(deps, actor, key, resident._id, contentHash, body);
  return outcome(result, doc);
}

async function refuseSecondArchiveId(deps: AppDeps, actor: IntegrationActor, residentId: Types.ObjectId): Promise<void> {
  const other = await deps.models.ArchiveSource.findOne({ residentId, institutionId: actor.institutionId }).lean();
  if (other) throw conflict('archive_linked_to_another_source', { sourceId: other.sourceId });
}

/** The archive id → resident row; the unique (resident, institution) index refuses a second id racing this one. */
async function linkArchiveId(deps: AppDeps, actor: IntegrationActor, key: SourceKey, residentId: Types.ObjectId, contentHash: string, body: RecordBody<'archive'>) {
  try {
    return await upsertSourceRecord(deps, deps.models.ArchiveSource, key, residentId, contentHash, { data: archiveData(body) });
  } catch (err) {
    // Lost to a concurrent push of another id for this person: refused like a sequential one.
    await refuseSecondArchiveId(deps, actor, residentId);
    throw err;
  }
}

/** What the archive source row keeps: no identifiers (they live encrypted on the resident). */
function archiveData(body: RecordBody<'archive'>) {
  return { teamId: body.teamId ?? null, heightCm: body.heightCm ?? null, status: body.status };
}

// ---------------------------------------------------------------------------------------------
// Clinical records

async function importDiagnosis(deps: AppDeps, actor: IntegrationActor, sourceId: string, body: RecordBody<'diagnosis'>) {
  const resident = await residentOf(deps, actor, body.residentSourceId);
  const { residentSourceId: _ref, ...data } = body;
  const { result, doc } = await upsertSourceRecord(
    deps,
    deps.models.Diagnosis,
    { institutionId: actor.institutionId, sourceType: 'diagnosis', sourceId },
    resident._id,
    contentHashOf(deps, 'diagnosis', body),
    { condition: body.condition, diagnosedOn: body.diagnosedOn, status: body.status, data },
  );
  // One event per content version, on every outcome (a replay completes a write that crashed before
  // it): a new or corrected diagnosis changes who the reports count as managed for that condition.
  await domainEventAppender(deps, {
    eventId: `diagnosis:${actor.institutionId}:${sourceId}:${doc.contentHash}`,
    type: 'diagnosisRecorded',
    residentId: resident._id,
    occurredAt: deps.clock.now(),
    payload: { condition: body.condition, diagnosedOn: body.diagnosedOn, status: body.status },
  });
  return outcome(result, doc);
}

async function importContract(deps: AppDeps, actor: IntegrationActor, sourceId: string, body: RecordBody<'contract'>) {
  const resident = await residentOf(deps, actor, body.residentSourceId);
  const { residentSourceId: _ref, ...fields } = body;
  const origin = { institutionId: actor.institutionId, sourceId, contentHash: contentHashOf(deps, 'contract', body), onChangedContent: 'update' as const };
  const { result, doc } = await contractWriter(deps, origin, resident, fields);
  return outcome(result, doc);
}

export type ContractFields = Omit<RecordBody<'contract'>, 'residentSourceId'>;

/**
 * One contract under its source key, then its derived writes: an active contract puts the resident
 * in that team (whose doctors then see them), and the `contractRecorded` event
 * (`contract:<institutionId>:<sourceId>`, dated the signing day) that the passbook turns into
 * 签约 / 续约 points and the reports into 签约率. Derived writes run on every outcome and read the
 * stored record, so a replay completes a write that crashed half-way and never changes the event.
 */
export async function contractWriter(deps: AppDeps, origin: RecordOrigin, resident: ResidentRef, fields: ContractFields & { [extra: string]: unknown }) {
  const { result, doc } = await upsertSourceRecord(
    deps,
    deps.models.Contract,
    { institutionId: origin.institutionId, sourceType: 'contract', sourceId: origin.sourceId },
    resident._id,
    origin.contentHash,
    { teamId: fields.team.teamId, startsOn: fields.startsOn, endsOn: fields.endsOn, status: fields.status, data: fields },
    origin.onChangedContent,
  );
  const stored = doc as StoredSource & { teamId: string; startsOn: string; endsOn: string; status: string; data: { signedOn?: string } };
  if (stored.status === 'active') await deps.models.Resident.updateOne({ _id: resident._id, teamId: { $ne: stored.teamId } }, { $set: { teamId: stored.teamId } });
  // The clinic's system knows the team's service number: the registered team takes it (the
  // residents' 联系家庭医生 button dials it). A team the programme has not registered is left alone.
  const teamPhone = fields.team.phone;
  if (stored.status === 'active' && teamPhone) {
    await deps.models.Team.updateOne({ _id: stored.teamId, institutionId: origin.institutionId, phone: { $ne: teamPhone } }, { $set: { phone: teamPhone, updatedAt: deps.clock.now() } });
  }
  await domainEventAppender(deps, {
    eventId: `contract:${origin.institutionId}:${origin.sourceId}`,
    type: 'contractRecorded',
    residentId: resident._id,
    occurredAt: dayStart(stored.data.signedOn ?? stored.startsOn),
    payload: { contractId: String(stored._id), teamId: stored.teamId, startsOn: stored.startsOn, endsOn: stored.endsOn, status: stored.status },
  });
  return { result, doc: stored };
}

async function importLabResult(deps: AppDeps, actor: IntegrationActor, kind: 'screening' | 'labResult', sourceId: string, body: RecordBody<'labResult'>) {
  const resident = await residentOf(deps, actor, body.residentSourceId);
  const { residentSourceId: _ref, ...fields } = body;
  const origin = { institutionId: actor.institutionId, sourceId, contentHash: contentHashOf(deps, kind, body), onChangedContent: 'update' as const };
  const { result, doc } = await labResultWriter(deps, origin, resident, kind, fields);
  return outcome(result, doc);
}

export type LabResultFields = Omit<RecordBody<'labResult'>, 'residentSourceId'>;
type LabValues = LabResultFields['values'];

/**
 * The shared plausibility ranges applied to a screening's or lab result's values (each glucose
 * value on its own against the glucose range), with the Chinese message of each problem.
 */
export function labValueIssues(values: LabValues, measuredAt: Date, now: Date): Array<{ field: string; code: string; message: string }> {
  const v = values;
  const checks: MeasurementInput[] = [
    ...[v.fastingGlucoseMmolL, v.postprandial2hGlucoseMmolL, v.randomGlucoseMmolL].filter((g): g is number => g !== undefined).map((glucoseMmolL) => ({ glucoseMmolL })),
    {
      systolicMmHg: v.systolicMmHg,
      diastolicMmHg: v.diastolicMmHg,
      heartRateBpm: v.heartRateBpm,
      hba1cPercent: v.hba1cPercent,
      totalCholesterolMmolL: v.totalCholesterolMmolL,
      triglyceridesMmolL: v.triglyceridesMmolL,
      ldlCholesterolMmolL: v.ldlCholesterolMmolL,
      hdlCholesterolMmolL: v.hdlCholesterolMmolL,
      hcyUmolL: v.hcyUmolL,
      waistCm: v.waistCm,
      weightKg: v.weightKg,
      egfrMlPerMin: v.egfrMlPerMin,
      uacrMgPerG: v.uacrMgPerG,
      measuredAt,
    },
  ];
  const issues: Array<{ field: string; code: string; message: string }> = [];
  for (const input of checks) {
    const check = checkPlausibility(input, now);
    if (!check.ok) issues.push(...check.errors.map((e) => ({ field: e.field, code: e.code, message: clinicalReasonMessages[e.code] })));
  }
  return issues;
}

/** The screening measures a lab result's values cover (BP; glucose incl. HbA1c; lipids). */
export function screeningMeasuresOf(v: LabValues): Array<'bp' | 'glucose' | 'lipids'> {
  return [
    ...(v.systolicMmHg !== undefined ? (['bp'] as const) : []),
    ...([v.fastingGlucoseMmolL, v.postprandial2hGlucoseMmolL, v.randomGlucoseMmolL, v.hba1cPercent].some((x) => x !== undefined) ? (['glucose'] as const) : []),
    ...([v.totalCholesterolMmolL, v.triglyceridesMmolL, v.ldlCholesterolMmolL, v.hdlCholesterolMmolL].some((x) => x !== undefined) ? (['lipids'] as const) : []),
  ];
}

/**
 * One screening or lab result under its source key (values checked against the shared ranges
 * first: `record_implausible`, nothing written), then its domain events: `screeningRecorded` with
 * the measures covered (a screening only; one points event per measure) and `hcyTestRecorded` when
 * it carries an Hcy value (an Hcy ≥ 10 with diagnosed hypertension makes the resident H-type from
 * the next read on: server/records/clinicalContext.ts reads the latest Hcy).
 */
export async function labResultWriter(deps: AppDeps, origin: RecordOrigin, resident: ResidentRef, kind: 'screening' | 'labResult', fields: LabResultFields & { [extra: string]: unknown }) {
  const v = fields.values;
  const measuredAt = new Date(fields.measuredAt);
  const issues = labValueIssues(v, measuredAt, deps.clock.now());
  if (issues.length > 0) throw rejected('record_implausible', { issues });
  const { result, doc } = await upsertSourceRecord(
    deps,
    deps.models.LabResult,
    { institutionId: origin.institutionId, sourceType: kind, sourceId: origin.sourceId },
    resident._id,
    origin.contentHash,
    { kind, measuredAt, data: fields },
    origin.onChangedContent,
  );
  const stored = doc as StoredSource & { kind: 'screening' | 'labResult'; measuredAt: Date; data: LabResultFields & { labName?: string } };
  const storedValues = stored.data.values;
  if (kind === 'screening') {
    const measures = screeningMeasuresOf(storedValues);
    if (measures.length > 0) {
      await domainEventAppender(deps, {
        eventId: `screening:${origin.institutionId}:${origin.sourceId}`,
        type: 'screeningRecorded',
        residentId: resident._id,
        occurredAt: stored.measuredAt,
        payload: { labResultId: String(stored._id), measures },
      });
    }
  }
  if (storedValues.hcyUmolL !== undefined) {
    await domainEventAppender(deps, {
      eventId: `hcyTest:${origin.institutionId}:${kind}:${origin.sourceId}`,
      type: 'hcyTestRecorded',
      residentId: resident._id,
      occurredAt: stored.measuredAt,
      payload: { labResultId: String(stored._id), hcyUmolL: storedValues.hcyUmolL },
    });
  }
  return { result, doc: stored };
}

async function importFollowUp(deps: AppDeps, actor: IntegrationActor, sourceId: string, body: RecordBody<'followUp'>) {
  const resident = await residentOf(deps, actor, body.residentSourceId);
  const s = body.signs;
  const now = deps.clock.now();
  assertPlausible(
    {
      systolicMmHg: s.systolicMmHg,
      diastolicMmHg: s.diastolicMmHg,
      heartRateBpm: s.heartRateBpm,
      weightKg: typeof s.weightKg?.now === 'number' ? s.weightKg.now : undefined,
      waistCm: s.waistCm,
      glucoseMmolL: body.fastingGlucoseMmolL,
      hba1cPercent: body.hba1cPercent,
      measuredAt: dayStart(body.visitedOn),
    },
    now,
  );
  const { residentSourceId: _ref, ...data } = body;
  const stored = classificationToStore(body, resident.birthDate);
  const { result, doc } = await upsertSourceRecord(
    deps,
    deps.models.FollowUpRecord,
    { institutionId: actor.institutionId, sourceType: 'followUp', sourceId },
    resident._id,
    contentHashOf(deps, 'followUp', body),
    { form: body.form, visitedOn: body.visitedOn, mode: body.mode, ...stored, data },
  );
  await domainEventAppender(deps, followUpEventOf({ institutionId: actor.institutionId, sourceId, residentId: resident._id, recordId: doc._id, body, classification: stored.classification, extra: {} }));
  // Derived: a booked visit of that day with the resident's team is now attended (idempotent).
  await bookingAttendanceFromFollowUp(deps, {
    residentId: resident._id,
    institutionId: actor.institutionId,
    teamId: resident.teamId,
    visitedOn: body.visitedOn,
    mode: body.mode,
    outcome: body.outcome,
    followUpRecordId: doc._id,
    markedBy: `integration:${actor.clientId}`,
  });
  return outcome(result, doc);
}

/** Through the plan writer (server/medication/planWriter.ts): a changed push is a new version. */
async function importMedicationPlan(deps: AppDeps, actor: IntegrationActor, sourceId: string, body: RecordBody<'medicationPlan'>) {
  const resident = await residentOf(deps, actor, body.residentSourceId);
  const { residentSourceId: _ref, ...data } = body;
  const origin = { institutionId: actor.institutionId, sourceId, contentHash: contentHashOf(deps, 'medicationPlan', body), onChangedContent: 'update' as const, recordedBy: `integration:${actor.clientId}` };
  const { result, plan } = await medicationPlanWriter(deps, origin, resident._id, data);
  await afterPlanChange(deps, resident);
  return outcome(result, plan);
}

async function importIntervention(deps: AppDeps, actor: IntegrationActor, sourceId: string, body: RecordBody<'intervention'>) {
  const resident = await residentOf(deps, actor, body.residentSourceId);
  const { residentSourceId: _ref, ...data } = body;
  const { result, doc } = await upsertSourceRecord(
    deps,
    deps.models.Intervention,
    { institutionId: actor.institutionId, sourceType: 'intervention', sourceId },
    resident._id,
    contentHashOf(deps, 'intervention', body),
    { kind: body.kind, startedOn: body.startedOn, status: body.status, data },
  );
  return outcome(result, doc);
}
