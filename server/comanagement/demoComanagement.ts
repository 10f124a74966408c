import type { Types } from 'mongoose';
import { shanghaiDate } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { caseFlagger } from './caseFlags';

/**
 * Co-management in the demo (`npm start`): the demo clinic and the county hospital as institutions,
 * the demo team with its doctor as lead (履约考核, alert escalation), and one resident the team asked
 * the specialists to review, so the demo specialist's queue is not empty. Written idempotently.
 */
export const demoHospitalId = 'hosp-demo-county';

export async function seedDemoComanagement(
  deps: AppDeps,
  input: { institutionId: string; teamIds: string[]; leadAccountId: string; reviewResident: { _id: Types.ObjectId; institutionId: string; teamId?: string | null } },
): Promise<void> {
  const now = deps.clock.now();
  const institutions = [
    { _id: input.institutionId, name: '东城社区卫生服务中心（演示）', level: 'primary' },
    { _id: demoHospitalId, name: '县人民医院（演示）', level: 'county' },
  ];
  for (const institution of institutions) {
    await deps.models.Institution.updateOne({ _id: institution._id }, { $setOnInsert: { ...institution, targetPopulation: null, createdAt: now, createdByAccountId: 'seed', updatedAt: now } }, { upsert: true });
  }
  for (const [i, teamId] of input.teamIds.entries()) {
    const members = i === 0 ? [{ accountId: input.leadAccountId, name: '李医生（演示）', role: 'gp', lead: true }] : [];
    await deps.models.Team.updateOne({ _id: teamId }, { $setOnInsert: { _id: teamId, institutionId: input.institutionId, name: `东城家庭医生${i + 1}队（演示）`, targetPopulation: null, members, createdAt: now, createdByAccountId: 'seed', updatedAt: now } }, { upsert: true });
  }
  await caseFlagger(deps, input.reviewResident, [{ key: 'teamRequest:demo', reason: 'teamRequest', on: shanghaiDate(now), note: '两次随访血压仍在 150/95 左右，请专科医生看看用药' }]);
}
