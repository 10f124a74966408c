import type { Types } from 'mongoose';
import { contractInForce, type ContractPeriod } from '../../shared/followup/contractInForce';
import { shanghaiDate } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';

/**
 * Whom the resident's one big 联系家庭医生 button calls: the team's service number as the programme
 * registered it (`teams.phone`, set by admins or the clinic's system), else the number the clinic's
 * system sent with the contract in force. The name says who answers.
 */
export interface TeamContact {
  teamId: string;
  name: string;
  phone: string | null;
}

type ResidentRef = { _id: Types.ObjectId; institutionId: string; teamId?: string | null };

export async function teamContactOf(deps: Pick<AppDeps, 'models' | 'clock'>, resident: ResidentRef): Promise<TeamContact | null> {
  const contracts = await deps.models.Contract.find({ residentId: resident._id }, { startsOn: 1, endsOn: 1, status: 1, teamId: 1, data: 1 }).lean();
  const inForce = contractInForce(contracts as Array<(typeof contracts)[number] & ContractPeriod>, shanghaiDate(deps.clock.now()))?.contract ?? null;
  const teamId = resident.teamId ?? inForce?.teamId ?? null;
  if (!teamId) return null;
  const team = await deps.models.Team.findOne({ _id: teamId, institutionId: resident.institutionId }, { name: 1, phone: 1 }).lean();
  const fromContract = inForce?.teamId === teamId ? (inForce.data?.team as { name?: string; phone?: string | null } | undefined) : undefined;
  return { teamId, name: team?.name ?? fromContract?.name ?? '家庭医生团队', phone: team?.phone ?? fromContract?.phone ?? null };
}

/** The name residents see for the doctor who acted on an alert: the team member's, else the team's. */
export async function memberNameOf(deps: Pick<AppDeps, 'models'>, teamId: string | null, accountId: unknown): Promise<string | null> {
  if (!teamId || !accountId) return null;
  const team = await deps.models.Team.findOne({ _id: teamId }, { members: 1 }).lean();
  return team?.members.find((m) => m.accountId === String(accountId))?.name ?? null;
}
