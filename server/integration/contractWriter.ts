import type { AppDeps } from '../deps';
import type { IntegrationActor } from '../http/actor';
import { domainEventAppender } from '../records/domainEvents';
import { toInstant } from '../../shared/time/shanghai';
import type { RecordBody } from './recordSchemas';
import { pushOrigin, residentOf } from './pushedRecord';
import { outcome, upsertSourceRecord, type RecordOrigin, type ResidentRef, type StoredSource } from './sourceRecords';

/**
 * Contracts: the pushed one and the one a clinic desk records both go through contractWriter, whose
 * derived writes (the resident's team, the team's phone, the `contractRecorded` event) are what make
 * a signing count. Kept on its own because the clinic desk imports it without the rest of the importer.
 */

export async function importContract(deps: AppDeps, actor: IntegrationActor, sourceId: string, body: RecordBody<'contract'>) {
  const resident = await residentOf(deps, actor, body.residentSourceId);
  const { residentSourceId: _ref, ...fields } = body;
  const { result, doc } = await contractWriter(deps, pushOrigin(deps, actor, 'contract', sourceId, body), resident, fields);
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
    occurredAt: toInstant(stored.data.signedOn ?? stored.startsOn),
    payload: { contractId: String(stored._id), teamId: stored.teamId, startsOn: stored.startsOn, endsOn: stored.endsOn, status: stored.status },
  });
  return { result, doc: stored };
}
