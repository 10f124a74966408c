import type { AppDeps } from '../deps';
import type { InstitutionLevel } from '../../shared/comanagement/referrals';
import { conflict, notFound, unprocessable } from '../http/errors';

/**
 * Institutions and doctor teams (with members and 签约率 target populations), as the programme's
 * admins maintain them. Ids are the ones residents, contracts and staff accounts already carry.
 */
export interface MemberInput { accountId: string; name: string; role: 'specialist' | 'gp' | 'publicHealth' | 'villageDoctor' | 'healthAssistant'; lead?: boolean | undefined }

const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;

export type InstitutionArea = { areaType?: 'urban' | 'rural' | null | undefined; region?: 'north' | 'south' | null | undefined };

export function presentInstitution(i: { _id: unknown; name: string; targetPopulation?: number | null; level?: string | null; areaType?: string | null; region?: string | null; createdAt: Date; updatedAt: Date }) {
  return {
    institutionId: String(i._id),
    name: i.name,
    targetPopulation: i.targetPopulation ?? null,
    level: (i.level ?? 'primary') as InstitutionLevel,
    areaType: (i.areaType ?? null) as 'urban' | 'rural' | null,
    region: (i.region ?? null) as 'north' | 'south' | null,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}

export function presentTeam(t: { _id: unknown; institutionId: string; name: string; targetPopulation?: number | null; phone?: string | null; members?: { accountId: string; name: string; role: string; lead?: boolean | null }[]; createdAt: Date; updatedAt: Date }) {
  return {
    teamId: String(t._id),
    institutionId: t.institutionId,
    name: t.name,
    targetPopulation: t.targetPopulation ?? null,
    phone: t.phone ?? null,
    members: (t.members ?? []).map((m) => ({ accountId: m.accountId, name: m.name, role: m.role, lead: Boolean(m.lead) })),
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

export async function institutionCreator(deps: AppDeps, input: { institutionId: string; name: string; targetPopulation?: number | null | undefined; level?: InstitutionLevel | undefined } & InstitutionArea, accountId: string) {
  const now = deps.clock.now();
  try {
    const doc = await deps.models.Institution.create({ _id: input.institutionId, name: input.name, targetPopulation: input.targetPopulation ?? null, level: input.level ?? 'primary', areaType: input.areaType ?? null, region: input.region ?? null, createdAt: now, createdByAccountId: accountId, updatedAt: now });
    return presentInstitution(doc.toObject());
  } catch (err) {
    if (isDuplicate(err)) throw conflict('institution_already_exists');
    throw err;
  }
}

export async function institutionUpdater(deps: AppDeps, institutionId: string, patch: { name?: string | undefined; targetPopulation?: number | null | undefined } & InstitutionArea) {
  const $set: Record<string, unknown> = { updatedAt: deps.clock.now() };
  if (patch.name !== undefined) $set.name = patch.name;
  if (patch.targetPopulation !== undefined) $set.targetPopulation = patch.targetPopulation;
  if (patch.areaType !== undefined) $set.areaType = patch.areaType;
  if (patch.region !== undefined) $set.region = patch.region;
  const doc = await deps.models.Institution.findOneAndUpdate({ _id: institutionId }, { $set }, { returnDocument: 'after', lean: true });
  if (!doc) throw notFound('institution_not_found');
  return presentInstitution(doc);
}

function checkMembers(members: MemberInput[] | undefined) {
  if (members && members.filter((m) => m.lead).length > 1) throw unprocessable('team_lead_count_invalid');
}

export async function teamCreator(deps: AppDeps, input: { teamId: string; institutionId: string; name: string; targetPopulation?: number | null | undefined; phone?: string | null | undefined; members?: MemberInput[] | undefined }, accountId: string) {
  checkMembers(input.members);
  if (!(await deps.models.Institution.exists({ _id: input.institutionId }))) throw notFound('institution_not_found');
  const now = deps.clock.now();
  try {
    const doc = await deps.models.Team.create({
      _id: input.teamId,
      institutionId: input.institutionId,
      name: input.name,
      targetPopulation: input.targetPopulation ?? null,
      phone: input.phone ?? null,
      members: (input.members ?? []).map((m) => ({ ...m, lead: Boolean(m.lead) })),
      createdAt: now,
      createdByAccountId: accountId,
      updatedAt: now,
    });
    return presentTeam(doc.toObject());
  } catch (err) {
    if (isDuplicate(err)) throw conflict('team_already_exists');
    throw err;
  }
}

export async function teamUpdater(deps: AppDeps, teamId: string, patch: { name?: string | undefined; targetPopulation?: number | null | undefined; phone?: string | null | undefined; members?: MemberInput[] | undefined }) {
  checkMembers(patch.members);
  const $set: Record<string, unknown> = { updatedAt: deps.clock.now() };
  if (patch.name !== undefined) $set.name = patch.name;
  if (patch.targetPopulation !== undefined) $set.targetPopulation = patch.targetPopulation;
  if (patch.phone !== undefined) $set.phone = patch.phone;
  if (patch.members !== undefined) $set.members = patch.members.map((m) => ({ ...m, lead: Boolean(m.lead) }));
  const doc = await deps.models.Team.findOneAndUpdate({ _id: teamId }, { $set }, { returnDocument: 'after', lean: true });
  if (!doc) throw notFound('team_not_found');
  return presentTeam(doc);
}
