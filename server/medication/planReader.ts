import type { Types } from 'mongoose';
import type { PlanView } from '../../shared/api/medication';
import { folateRecheckOn } from '../../shared/medication/courses';
import { shanghaiDate } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { currentFieldsOf, plansOfResident, presentPlan } from './planRecords';

/** A resident's plans as the app shows them, a folate course with its re-check if one is on record. */
export async function residentPlans(deps: AppDeps, residentId: Types.ObjectId): Promise<PlanView[]> {
  const plans = await plansOfResident(deps, residentId);
  const needsHcy = plans.some((p) => currentFieldsOf(p).folateCourse && !p.courseRecheckedOn);
  const hcyDays = needsHcy
    ? (await deps.models.LabResult.find({ residentId, 'data.values.hcyUmolL': { $exists: true } }, { measuredAt: 1 }).lean()).map((l) => shanghaiDate(l.measuredAt))
    : [];
  return plans.map((p) => presentPlan(p, folateRecheckOn(p.startedOn, hcyDays) ?? null));
}
