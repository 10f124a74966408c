import type { Types } from 'mongoose';
import { CONTRACT_MAX_MONTHS, servicePackageDefinitions, type ServicePackage } from '../../shared/records/servicePackages';
import { addCalendarMonths, shanghaiDate } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import type { AccountActor } from '../http/actor';
import { badRequest, conflict } from '../http/errors';
import { contentHashOf, contractWriter, labResultWriter, screeningMeasuresOf, type ContractFields, type LabResultFields, type RecordOrigin } from '../integration/recordImporter';
import { requestPointsConsumption } from '../passbook/jobs';
import { withLease } from '../db/lease';
import { clinicalContextOf } from '../records/clinicalContext';
import type { ResidentDoc } from '../models/resident';

/**
 * The doctor's own entries for a resident of their team: signing or renewing a family-doctor
 * contract, and recording a screening or lab result. Both write through the very writers the
 * integration API uses (server/integration/recordImporter.ts: the same source-record models, the
 * same `contractRecorded` / `screeningRecorded` / `hcyTestRecorded` domain events), so the passbook
 * credits 签约 / 续约 / 筛查 / Hcy points, the due engine and the reports react exactly as for a
 * clinic system's push.
 *
 * Idempotent by the client's request id: the source id is `staff:<residentId>:<clientRequestId>` in
 * the institution's key space (sourceType `contract`, `screening` or `labResult`), the content hash
 * is taken over the request as sent, so a retry finds the same record (`created: false`, nothing
 * written) and the same id with another request is refused (`staff_request_id_reused`, 409).
 * Implausible values are 422 `record_implausible` with the shared reason codes, as for readings and
 * follow-ups; a contract period that cannot be signed is 400.
 *
 * Two signings for one resident never interleave (a lease per resident), so the overlap check
 * cannot be passed twice by racing requests.
 */
type ResidentSubject = ResidentDoc & { _id: Types.ObjectId };

export const staffSourceId = (residentId: Types.ObjectId, clientRequestId: string) => `staff:${String(residentId)}:${clientRequestId}`;

const reusedKey = { refuseWith: 'staff_request_id_reused' } as const;

/** Team roles as the admin records them → the 签约 form's member roles. */
const memberRoles: Record<string, ContractFields['team']['members'][number]['role']> = {
  specialist: 'specialist',
  gp: 'generalPractitioner',
  publicHealth: 'publicHealthDoctor',
  villageDoctor: 'villageDoctor',
  healthAssistant: 'healthAssistant',
};

export interface ContractSigning {
  clientRequestId: string;
  servicePackage: ServicePackage;
  startsOn: string;
  endsOn: string;
  renewalOf?: string | undefined;
}

export async function contractSigner(deps: AppDeps, input: { resident: ResidentSubject; actor: AccountActor; request: ContractSigning }) {
  const { resident, actor, request } = input;
  const teamId = resident.teamId;
  // Authorization (doctor of the resident's team) already guarantees a team; this is its assertion.
  if (!teamId) throw new Error('contractSigner: the resident has no team');
  const origin: RecordOrigin = {
    institutionId: resident.institutionId,
    sourceId: staffSourceId(resident._id, request.clientRequestId),
    contentHash: contentHashOf(deps, 'contract', { origin: 'staff', residentId: String(resident._id), ...request, renewalOf: request.renewalOf ?? null }),
    onChangedContent: reusedKey,
  };
  // Check-then-write across contract documents: one signing per resident at a time, on any instance.
  return withLease(deps, `contract-signing:${String(resident._id)}`, { ttlMs: 30_000, waitMs: 3_000, busy: () => conflict('contract_signing_in_progress') }, () =>
    signContract(deps, { resident, actor, request, teamId, origin }),
  );
}

async function signContract(deps: AppDeps, input: { resident: ResidentSubject; actor: AccountActor; request: ContractSigning; teamId: string; origin: RecordOrigin }) {
  const { resident, actor, request, teamId, origin } = input;
  const today = shanghaiDate(deps.clock.now());
  const replay = await deps.models.Contract.findOne({ institutionId: origin.institutionId, sourceType: 'contract', sourceId: origin.sourceId }, { _id: 1 }).lean();
  // The checks below hold for a new contract; a replay answers what the first request got.
  if (!replay) {
    // Rules across fields and against today, so they are this command's and not the schema's.
    const endsTooLate = request.endsOn > addCalendarMonths(request.startsOn, CONTRACT_MAX_MONTHS);
    if (request.endsOn <= request.startsOn || endsTooLate || request.endsOn < today) {
      throw badRequest('contract_period_invalid', { startsOn: request.startsOn, endsOn: request.endsOn, today, maxMonths: CONTRACT_MAX_MONTHS });
    }
    if (request.renewalOf) {
      const renewed = await deps.models.Contract.findOne({ _id: request.renewalOf, residentId: resident._id }, { status: 1, endsOn: 1 }).lean();
      if (!renewed || renewed.status === 'terminated' || request.startsOn <= renewed.endsOn) {
        throw badRequest('contract_renewal_invalid', renewed ? { renewedEndsOn: renewed.endsOn } : undefined);
      }
    }
    const overlapping = await deps.models.Contract.findOne(
      { residentId: resident._id, status: { $ne: 'terminated' }, startsOn: { $lte: request.endsOn }, endsOn: { $gte: request.startsOn } },
      { startsOn: 1, endsOn: 1 },
    ).lean();
    if (overlapping) throw conflict('contract_period_overlaps', { contractId: String(overlapping._id), startsOn: overlapping.startsOn, endsOn: overlapping.endsOn });
  }
  const team = await deps.models.Team.findOne({ _id: teamId, institutionId: resident.institutionId }).lean();
  const definition = servicePackageDefinitions[request.servicePackage];
  const fields: ContractFields & Record<string, unknown> = {
    team: {
      teamId,
      name: team?.name ?? teamId,
      phone: team?.phone ?? null,
      members: (team?.members ?? []).map((m) => ({ role: memberRoles[m.role] ?? 'other', name: m.name, phone: null })),
    },
    packageName: definition.name,
    packageItems: [...definition.items],
    startsOn: request.startsOn,
    endsOn: request.endsOn,
    status: 'active',
    signedOn: today,
    servicePackage: request.servicePackage,
    renewalOf: request.renewalOf ?? null,
    clientRequestId: request.clientRequestId,
    recordedByAccountId: actor.accountId,
  };
  const { result, doc } = await contractWriter(deps, origin, resident, fields);
  await requestPointsConsumption(deps);
  return { created: result === 'created', contract: doc };
}

export interface ScreeningRecording {
  clientRequestId: string;
  kind: 'screening' | 'labResult';
  measuredAt?: string | undefined;
  values: LabResultFields['values'];
  exams?: LabResultFields['exams'];
  labName?: string | undefined;
  note?: string | undefined;
}

export async function screeningRecorder(deps: AppDeps, input: { resident: ResidentSubject; actor: AccountActor; request: ScreeningRecording }) {
  const { resident, actor, request } = input;
  const now = deps.clock.now();
  const measuredAt = request.measuredAt ?? now.toISOString();
  const origin: RecordOrigin = {
    institutionId: resident.institutionId,
    sourceId: staffSourceId(resident._id, request.clientRequestId),
    contentHash: contentHashOf(deps, request.kind, { origin: 'staff', residentId: String(resident._id), ...request, measuredAt: request.measuredAt ?? null }),
    onChangedContent: reusedKey,
  };
  const fields: LabResultFields & Record<string, unknown> = {
    measuredAt,
    values: request.values,
    ...(request.exams ? { exams: request.exams } : {}),
    ...(request.labName ? { labName: request.labName } : {}),
    ...(request.note ? { note: request.note } : {}),
    clientRequestId: request.clientRequestId,
    recordedByAccountId: actor.accountId,
  };
  const { result, doc } = await labResultWriter(deps, origin, resident, request.kind, fields);
  await requestPointsConsumption(deps);
  const context = await clinicalContextOf(deps, resident);
  return {
    created: result === 'created',
    labResult: doc,
    screeningMeasures: doc.kind === 'screening' ? screeningMeasuresOf(doc.data.values) : [],
    hTypeHypertension: context.hTypeHypertension,
    latestHcyUmolL: context.latestHcyUmolL,
  };
}
