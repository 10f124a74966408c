import type { Types } from 'mongoose';
import { validateIdNumber, validatePersonName, validatePhone } from '../../shared/identity';
import { can } from '../authz/can';
import type { AppDeps } from '../deps';
import type { IntegrationActor } from '../http/actor';
import { AppError, conflict } from '../http/errors';
import { idNumberHashOf, phoneHashOf } from '../identity/residentArchive';
import { encryptField } from '../privacy/fieldCrypto';
import { riskFactorFieldsOf } from '../records/riskFactors';
import type { RecordBody } from './recordSchemas';
import { contentHashOf, duplicateKey, outcome, rejected, upsertSourceRecord, type ImportOutcome, type SourceKey } from './sourceRecords';

/**
 * Archives are the one pushed kind that writes the resident itself (identity, contact, targets)
 * rather than a record about them, and the one that decides which person an id belongs to: a new
 * resident, one this institution made without an id, or a refusal. That identity logic is unlike
 * every other kind's, so it has a file of its own.
 */

export async function importArchive(deps: AppDeps, actor: IntegrationActor, sourceId: string, body: RecordBody<'archive'>): Promise<ImportOutcome> {
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
