import type { Types } from 'mongoose';
import type { RiskFactorsBody } from '../../shared/api/risk';
import type { AppDeps } from '../deps';
import { notFound } from '../http/errors';

/**
 * The resident's risk factors (server/models/resident.ts `riskFactors`) as `$set` paths: only the
 * factors given (null clears one), so the clinic system and the doctor's form can each send what
 * they know without erasing the other's. Smoking carries when it was recorded, because a
 * follow-up's 日吸烟量 recorded later speaks for the present (server/records/riskProfile.ts).
 */
export function riskFactorFieldsOf(input: RiskFactorsBody, now: Date): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const key of ['smokingStatus', 'familyHistoryOfAscvd', 'areaType', 'region', 'ckdStage'] as const) {
    if (input[key] !== undefined) set[`riskFactors.${key}`] = input[key];
  }
  if (Object.keys(set).length === 0) return {};
  if (input.smokingStatus !== undefined) set['riskFactors.smokingRecordedAt'] = now;
  set['riskFactors.updatedAt'] = now;
  return set;
}

/** The doctor's 风险因素 form: sets what was sent on the resident's archive and returns the resident. */
export async function riskFactorsRecorder(deps: AppDeps, residentId: Types.ObjectId, input: RiskFactorsBody) {
  const set = riskFactorFieldsOf(input, deps.clock.now());
  const resident = Object.keys(set).length > 0 ? await deps.models.Resident.findOneAndUpdate({ _id: residentId }, { $set: set }, { returnDocument: 'after', lean: true }) : await deps.models.Resident.findById(residentId).lean();
  if (!resident) throw notFound('resident_not_found');
  return resident;
}
