import type { AppDeps } from '../deps';
import { classificationToStore } from '../followups/classification';
import { followUpEventOf } from '../followups/followUpEvent';
import { bookingAttendanceFromFollowUp } from '../followups/visitAttendance';
import type { IntegrationActor } from '../http/actor';
import { afterPlanChange } from '../medication/planEffects';
import { medicationPlanWriter } from '../medication/planWriter';
import { domainEventAppender } from '../records/domainEvents';
import { toInstant } from '../../shared/time/shanghai';
import type { RecordBody } from './recordSchemas';
import { assertPlausible, pushOrigin, residentOf, upsertPushed } from './pushedRecord';
import { outcome } from './sourceRecords';

/**
 * The pushed clinical kinds used only by the integration API: diagnoses, follow-ups, medication
 * plans and interventions. Each is the resident lookup, one upsert and its own derived writes; the
 * shared part of that sequence is upsertPushed, so what is left here is what differs per kind.
 */

export async function importDiagnosis(deps: AppDeps, actor: IntegrationActor, sourceId: string, body: RecordBody<'diagnosis'>) {
  const resident = await residentOf(deps, actor, body.residentSourceId);
  const { result, doc } = await upsertPushed(deps, actor, deps.models.Diagnosis, 'diagnosis', sourceId, resident, body, {
    condition: body.condition,
    diagnosedOn: body.diagnosedOn,
    status: body.status,
  });
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

export async function importFollowUp(deps: AppDeps, actor: IntegrationActor, sourceId: string, body: RecordBody<'followUp'>) {
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
      measuredAt: toInstant(body.visitedOn),
    },
    now,
  );
  const stored = classificationToStore(body, resident.birthDate);
  const { result, doc } = await upsertPushed(deps, actor, deps.models.FollowUpRecord, 'followUp', sourceId, resident, body, {
    form: body.form,
    visitedOn: body.visitedOn,
    mode: body.mode,
    ...stored,
  });
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
export async function importMedicationPlan(deps: AppDeps, actor: IntegrationActor, sourceId: string, body: RecordBody<'medicationPlan'>) {
  const resident = await residentOf(deps, actor, body.residentSourceId);
  const { residentSourceId: _ref, ...data } = body;
  const origin = { ...pushOrigin(deps, actor, 'medicationPlan', sourceId, body), recordedBy: `integration:${actor.clientId}` };
  const { result, plan } = await medicationPlanWriter(deps, origin, resident._id, data);
  await afterPlanChange(deps, resident);
  return outcome(result, plan);
}

export async function importIntervention(deps: AppDeps, actor: IntegrationActor, sourceId: string, body: RecordBody<'intervention'>) {
  const resident = await residentOf(deps, actor, body.residentSourceId);
  const { result, doc } = await upsertPushed(deps, actor, deps.models.Intervention, 'intervention', sourceId, resident, body, {
    kind: body.kind,
    startedOn: body.startedOn,
    status: body.status,
  });
  return outcome(result, doc);
}
