import type { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import { adherenceRefresher } from './adherence';
import { doseReminderScheduler } from './doseReminders';

/**
 * What follows any plan write, on every outcome (so a write that crashed before it is completed by
 * writing again): the next doses' reminders under the new schedule (their keys make this
 * idempotent) and the adherence snapshot under it.
 */
export async function afterPlanChange(deps: AppDeps, resident: { _id: Types.ObjectId; institutionId: string; teamId?: string | null }): Promise<void> {
  await doseReminderScheduler(deps, { residentId: resident._id });
  await adherenceRefresher(deps, resident);
}
