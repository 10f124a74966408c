import type { Types } from 'mongoose';
import type { DueItem } from '../../shared/followup/dueEngine';
import type { AppDeps } from '../deps';
import type { ResidentDoc } from '../models/resident';
import { recordsReader } from '../records/recordsReader';

/**
 * What is due for a resident, exactly as the records API computes it (server/records/recordsReader
 * feeds the shared due engine from the resident's diagnoses, contract, follow-ups, labs and
 * interventions), so the 档案, 首页 and booking can never disagree about an item.
 */
export type ResidentForDue = ResidentDoc & { _id: Types.ObjectId };

export async function dueItemsOf(deps: AppDeps, resident: ResidentForDue): Promise<DueItem[]> {
  const { due } = await recordsReader(deps, resident);
  return due;
}
