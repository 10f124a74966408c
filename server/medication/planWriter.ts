import { Types } from 'mongoose';
import { shanghaiDate } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { AppError, conflict, notFound } from '../http/errors';
import type { RecordOrigin } from '../integration/recordImporter';
import { firstEffectiveDay, isStaffPlan, versionsOf, type StoredPlan, type StoredVersion } from './planRecords';

/**
 * Medication plans are written here, whoever writes them, each write one conditional update of the
 * plan document that changes its fields and pushes the new version together:
 *
 * - `medicationPlanWriter`: insert-if-absent by the source key (a clinic system's push, or the
 *   doctor's new plan under `staff:<residentId>:<clientRequestId>`); the same content again is
 *   `unchanged`; other content under the key is a new version for a clinic system (it corrects its
 *   record) and `staff_request_id_reused` for a doctor's request id.
 * - `medicationPlanChanger`: the doctor changes a plan made in the app, from the version they saw
 *   (`expectedVersion`): someone else's change in between is `medication_plan_changed`; a retry of
 *   the same change finds the version its request id made. Plans pushed by a clinic system are
 *   changed in that system (`medication_plan_managed_by_clinic_system`).
 *
 * A new version applies from the Shanghai day it is recorded (shared/medication/schedule.ts).
 */
export type WriteResult = 'created' | 'updated' | 'unchanged';

export interface PlanOrigin extends RecordOrigin {
  /** `integration:<clientId>` or `doctor:<accountId>`. */
  recordedBy: string;
  requestId?: string | undefined;
}

const duplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

function indexedFields(data: Record<string, unknown>) {
  return { startedOn: String(data.startedOn), status: data.status === 'stopped' ? 'stopped' : 'active' };
}

function nextVersion(plan: StoredPlan, origin: Pick<PlanOrigin, 'recordedBy' | 'requestId' | 'contentHash'>, data: Record<string, unknown>, now: Date): StoredVersion {
  return { version: (plan.version ?? 1) + 1, effectiveFrom: shanghaiDate(now), recordedAt: now, recordedBy: origin.recordedBy, requestId: origin.requestId ?? null, contentHash: origin.contentHash, data };
}

/** One conditional update: the plan as `plan` was read → the new fields plus the new version. */
async function pushVersion(deps: AppDeps, plan: StoredPlan, version: StoredVersion): Promise<StoredPlan | null> {
  const now = version.recordedAt;
  const guard = { _id: plan._id, contentHash: plan.contentHash, ...(plan.version ? { version: plan.version } : { version: { $exists: false } }) };
  const set = { contentHash: version.contentHash, data: version.data, ...indexedFields(version.data), version: version.version, updatedAt: now };
  // A plan stored before versions existed gets its history written out in the same update.
  const update = plan.versions ? { $set: set, $push: { versions: version } } : { $set: { ...set, versions: [...versionsOf(plan), version] } };
  return deps.models.MedicationPlan.findOneAndUpdate(guard, update, { returnDocument: 'after', lean: true }) as Promise<StoredPlan | null>;
}

export async function medicationPlanWriter(deps: AppDeps, origin: PlanOrigin, residentId: Types.ObjectId, data: Record<string, unknown>): Promise<{ result: WriteResult; plan: StoredPlan }> {
  const key = { institutionId: origin.institutionId, sourceType: 'medicationPlan', sourceId: origin.sourceId };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const now = deps.clock.now();
    const newId = new Types.ObjectId();
    const first: StoredVersion = {
      version: 1,
      effectiveFrom: firstEffectiveDay(String(data.startedOn), now),
      recordedAt: now,
      recordedBy: origin.recordedBy,
      requestId: origin.requestId ?? null,
      contentHash: origin.contentHash,
      data,
    };
    let plan: StoredPlan | null;
    try {
      plan = (await deps.models.MedicationPlan.findOneAndUpdate(
        key,
        { $setOnInsert: { _id: newId, ...key, residentId, contentHash: origin.contentHash, data, ...indexedFields(data), version: 1, versions: [first], importedAt: now, updatedAt: now } },
        { upsert: true, returnDocument: 'after', lean: true },
      )) as StoredPlan | null;
    } catch (err) {
      if (duplicateKey(err)) continue;
      throw err;
    }
    if (!plan) throw new Error('medication plan upsert returned nothing');
    if (plan._id.equals(newId)) return { result: 'created', plan };
    if (!plan.residentId.equals(residentId)) throw new AppError('record_resident_cannot_change', 422);
    if (plan.contentHash === origin.contentHash) return { result: 'unchanged', plan };
    if (origin.onChangedContent !== 'update') throw conflict(origin.onChangedContent.refuseWith);
    const updated = await pushVersion(deps, plan, nextVersion(plan, origin, data, now));
    if (updated) return { result: 'updated', plan: updated };
  }
  throw new Error(`medication plan ${origin.sourceId} kept changing under concurrent writes`);
}

export async function medicationPlanChanger(
  deps: AppDeps,
  input: { residentId: Types.ObjectId; planId: string; expectedVersion: number; requestId: string; recordedBy: string; contentHash: string; data: Record<string, unknown> },
): Promise<{ result: WriteResult; plan: StoredPlan }> {
  const plan = (await deps.models.MedicationPlan.findOne({ _id: input.planId, residentId: input.residentId }).lean()) as StoredPlan | null;
  if (!plan) throw notFound('medication_plan_not_found');
  if (!isStaffPlan(plan)) throw conflict('medication_plan_managed_by_clinic_system');
  const replay = versionsOf(plan).find((v) => v.requestId === input.requestId);
  if (replay) {
    if (replay.contentHash !== input.contentHash) throw conflict('staff_request_id_reused');
    return { result: 'unchanged', plan };
  }
  if ((plan.version ?? 1) !== input.expectedVersion) throw conflict('medication_plan_changed', { currentVersion: plan.version ?? 1 });
  if (plan.contentHash === input.contentHash) return { result: 'unchanged', plan };
  const updated = await pushVersion(deps, plan, nextVersion(plan, input, input.data, deps.clock.now()));
  if (!updated) throw conflict('medication_plan_changed');
  return { result: 'updated', plan: updated };
}
