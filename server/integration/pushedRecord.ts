import { checkPlausibility, clinicalReasonMessages, type MeasurementInput } from '../../shared/clinical';
import { can } from '../authz/can';
import type { AppDeps } from '../deps';
import type { IntegrationActor } from '../http/actor';
import { AppError } from '../http/errors';
import type { RecordBody, RecordType } from './recordSchemas';
import { contentHashOf, rejected, upsertSourceRecord, type RecordOrigin, type ResidentRef, type SourceModel } from './sourceRecords';

/**
 * What every pushed clinical record checks and derives before its kind's writer runs: the resident
 * it names (by its archive's source id, and only if this client may write to them), the shared
 * plausibility ranges, and the origin (institution, source id, content hash) under which it is kept.
 * The per-kind importers use these so that none of them repeats the lookup-hash-upsert sequence.
 */

/** The resident a record names by its archive's source id, if this client may write to them. */
export async function residentOf(deps: AppDeps, actor: IntegrationActor, residentSourceId: string) {
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

export function assertPlausible(input: MeasurementInput, now: Date): void {
  const check = checkPlausibility(input, now);
  if (!check.ok) {
    throw rejected('record_implausible', { issues: check.errors.map((e) => ({ field: e.field, code: e.code, message: clinicalReasonMessages[e.code] })) });
  }
}

type ClinicalType = Exclude<RecordType, 'archive' | 'kioskReading'>;

/** The origin of a pushed record: the pushing institution's key space, updated when its content changes. */
export function pushOrigin(deps: AppDeps, actor: IntegrationActor, type: ClinicalType, sourceId: string, body: unknown): RecordOrigin & { onChangedContent: 'update' } {
  return { institutionId: actor.institutionId, sourceId, contentHash: contentHashOf(deps, type, body), onChangedContent: 'update' };
}

/**
 * One pushed record of a kind without derived writes of its own under its source key: the given
 * columns plus the body (less the resident reference) as `data`.
 */
export async function upsertPushed<T extends ClinicalType>(
  deps: AppDeps,
  actor: IntegrationActor,
  model: SourceModel,
  type: T,
  sourceId: string,
  resident: ResidentRef,
  body: RecordBody<T> & { residentSourceId: string },
  columns: Record<string, unknown>,
) {
  const { residentSourceId: _ref, ...data } = body;
  const origin = pushOrigin(deps, actor, type, sourceId, body);
  return upsertSourceRecord(deps, model, { institutionId: origin.institutionId, sourceType: type, sourceId }, resident._id, origin.contentHash, { ...columns, data });
}
