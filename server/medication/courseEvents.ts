import { type Types } from 'mongoose';
import { isAdherentWeek, weekStartOf } from '../../shared/medication/adherence';
import { folateRecheckOn } from '../../shared/medication/courses';
import { addCalendarDays, shanghaiDate, toInstant } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { domainEventAppender } from '../records/domainEvents';
import { dosesOfResident } from './adherence';
import { planFactsOf, plansOfResident, type StoredPlan } from './planRecords';

/**
 * The medication facts the passbook may reward, as domain events (each appended once by its id):
 *
 * - `folateCourseCompleted` (`folateCourse:<residentId>:<startedOn>`): a 5-methylfolate course —
 *   a plan with the folate-course flag, or a clinic system's intervention of kind
 *   methylfolateCourse — whose Hcy re-check is on record (shared/medication/courses.ts). Keyed by
 *   resident and start day, so the same course pushed both ways is rewarded once. The policy's
 *   `folateCourseCompleted` rule (+50, contracted residents) applies on the re-check day.
 * - `medicationAdherenceWeek` (`adherentWeek:<residentId>:<monday>`): a finished week (the last 4
 *   are judged on every run) with every scheduled dose of all 7 days confirmed, dated its Sunday. The policy's rule is off (0 points) unless a version turns it on.
 */
async function hcyTestDays(deps: AppDeps, residentId: Types.ObjectId): Promise<string[]> {
  const labs = await deps.models.LabResult.find({ residentId, 'data.values.hcyUmolL': { $exists: true } }, { measuredAt: 1 }).lean();
  return labs.map((l) => shanghaiDate(l.measuredAt));
}

async function appendCourseCompleted(deps: AppDeps, residentId: Types.ObjectId, startedOn: string, recheckedOn: string, payload: Record<string, unknown>): Promise<boolean> {
  const { appended } = await domainEventAppender(deps, {
    eventId: `folateCourse:${String(residentId)}:${startedOn}`,
    type: 'folateCourseCompleted',
    residentId,
    occurredAt: toInstant(recheckedOn),
    payload: { startedOn, recheckedOn, ...payload },
  });
  return appended;
}

/** Courses without a recorded re-check: look for the Hcy test that re-checks them. */
export async function folateCourseWatcher(deps: AppDeps): Promise<{ checked: number; completed: number }> {
  // Both plan shapes default `freeOfCharge`, so it marks a folate course.
  const plans = (await deps.models.MedicationPlan.find({ 'data.folateCourse.freeOfCharge': { $exists: true }, courseRecheckedOn: { $exists: false } }).lean()) as StoredPlan[];
  const interventions = await deps.models.Intervention.find({ kind: 'methylfolateCourse', status: { $ne: 'stopped' }, courseRecheckedOn: { $exists: false } }, { residentId: 1, startedOn: 1, data: 1 }).lean();
  let completed = 0;
  for (const plan of plans) {
    const recheckedOn = folateRecheckOn(plan.startedOn, await hcyTestDays(deps, plan.residentId));
    if (!recheckedOn) continue;
    const free = (plan.data.folateCourse as { freeOfCharge?: boolean }).freeOfCharge === true;
    if (await appendCourseCompleted(deps, plan.residentId, plan.startedOn, recheckedOn, { planId: String(plan._id), freeOfCharge: free })) completed += 1;
    await deps.models.MedicationPlan.updateOne({ _id: plan._id, courseRecheckedOn: { $exists: false } }, { $set: { courseRecheckedOn: recheckedOn } });
  }
  for (const course of interventions) {
    const data = (course.data ?? {}) as { recheckedOn?: unknown };
    const recheckedOn = typeof data.recheckedOn === 'string' ? data.recheckedOn : folateRecheckOn(course.startedOn, await hcyTestDays(deps, course.residentId));
    if (!recheckedOn) continue;
    if (await appendCourseCompleted(deps, course.residentId, course.startedOn, recheckedOn, { interventionId: String(course._id) })) completed += 1;
    await deps.models.Intervention.updateOne({ _id: course._id, courseRecheckedOn: { $exists: false } }, { $set: { courseRecheckedOn: recheckedOn } });
  }
  return { checked: plans.length + interventions.length, completed };
}

/** How many finished weeks each run looks back at: a service down for days still judges them. */
export const ADHERENT_WEEKS_LOOKBACK = 4;

/** The last finished weeks' adherent weeks (the event id makes judging a week again append nothing). */
export async function adherentWeekJudge(deps: AppDeps): Promise<{ residents: number; appended: number }> {
  const today = shanghaiDate(deps.clock.now());
  const weekStarts = Array.from({ length: ADHERENT_WEEKS_LOOKBACK }, (_, i) => addCalendarDays(weekStartOf(today), -7 * (i + 1)));
  const residentIds = (await deps.models.MedicationPlan.distinct('residentId')) as Types.ObjectId[];
  let appended = 0;
  for (const residentId of residentIds) {
    const [plans, doses] = await Promise.all([plansOfResident(deps, residentId), dosesOfResident(deps, residentId, weekStarts.at(-1)!)]);
    const facts = plans.map(planFactsOf);
    for (const weekStart of weekStarts) {
      if (!isAdherentWeek({ plans: facts, doses, weekStart, today })) continue;
      const result = await domainEventAppender(deps, {
        eventId: `adherentWeek:${String(residentId)}:${weekStart}`,
        type: 'medicationAdherenceWeek',
        residentId,
        // The week's last instant: the policy in force, and the contract check, are those of its Sunday.
        occurredAt: new Date(toInstant(addCalendarDays(weekStart, 7)).getTime() - 1),
        payload: { weekStart },
      });
      if (result.appended) appended += 1;
    }
  }
  return { residents: residentIds.length, appended };
}
