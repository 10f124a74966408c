import type { z } from 'zod';
import type { riskFactorsBody } from '../integration/recordSchemas';

/**
 * The resident's risk factors (server/models/resident.ts `riskFactors`) as `$set` paths: only the
 * factors given (null clears one), so the clinic system and the doctor's form can each send what
 * they know without erasing the other's. Smoking carries when it was recorded, because a
 * follow-up's 日吸烟量 recorded later speaks for the present (server/records/riskProfile.ts).
 */
export type RiskFactorsInput = z.output<typeof riskFactorsBody>;

export function riskFactorFieldsOf(input: RiskFactorsInput, now: Date): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const key of ['smokingStatus', 'familyHistoryOfAscvd', 'areaType', 'region', 'ckdStage'] as const) {
    if (input[key] !== undefined) set[`riskFactors.${key}`] = input[key];
  }
  if (Object.keys(set).length === 0) return {};
  if (input.smokingStatus !== undefined) set['riskFactors.smokingRecordedAt'] = now;
  set['riskFactors.updatedAt'] = now;
  return set;
}
