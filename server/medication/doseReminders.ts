import { Types } from 'mongoose';
import { timeOfDayText } from '../../shared/medication/labels';
import { doseInstant, doseKey, dosesOn, isWithinQuietHours } from '../../shared/medication/schedule';
import { addCalendarDays, shanghaiDate } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { enqueueJob } from '../jobs/jobQueue';
import { REMINDER_JOB } from '../reminders/reminderScheduler';
import type { ReminderContent } from '../reminders/reminderSender';
import { currentFieldsOf, planFactsOf, type StoredPlan } from './planRecords';

/**
 * Daily dose reminders, through the follow-ups' reminder machinery (`reminders.send` jobs, the
 * in-app reminder list, the subscribe-message sender and its WeChat simulator):
 *
 *   reminder:dose:<planId>:<day>:<HH:MM>   at the dose's time (Shanghai), one job per dose
 *
 * The scheduler enqueues every dose of the next 26 hours (hourly, and at once after a plan
 * changes); the key makes enqueueing again a no-op on any instance. When the job runs, a dose
 * already marked, no longer in the plan, or of a day that is over (a late run) gets no reminder. Inside the quiet hours
 * (`REMINDER_QUIET_HOURS`, default 22:00–07:00) the reminder is written in the app but nothing is
 * pushed to WeChat.
 */
export const DOSE_REMINDER_HORIZON_MS = 26 * 3_600_000;
const MAX_ATTEMPTS = 6;
export const medicationPage = 'subpackages/medication/today/index';

export const doseReminderKey = (key: string) => `reminder:dose:${key}`;

export interface DoseReminderPayload {
  kind: 'doseDue';
  residentId: string;
  planId: string;
  day: string;
  time: string;
}

export async function doseReminderScheduler(deps: AppDeps, scope: { residentId?: Types.ObjectId } = {}): Promise<{ plans: number; enqueued: number }> {
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const days = [today, addCalendarDays(today, 1)];
  const plans = (await deps.models.MedicationPlan.find({ status: 'active', ...(scope.residentId ? { residentId: scope.residentId } : {}) }).lean()) as StoredPlan[];
  let enqueued = 0;
  for (const plan of plans) {
    const facts = planFactsOf(plan);
    for (const day of days) {
      for (const time of dosesOn(facts, day)) {
        const runAt = doseInstant(day, time);
        if (runAt <= now || runAt.getTime() > now.getTime() + DOSE_REMINDER_HORIZON_MS) continue;
        const payload: DoseReminderPayload = { kind: 'doseDue', residentId: String(plan.residentId), planId: String(plan._id), day, time };
        const { created } = await enqueueJob(deps.models, { name: REMINDER_JOB, key: doseReminderKey(doseKey(payload)), runAt, payload: { ...payload }, maxAttempts: MAX_ATTEMPTS });
        if (created) enqueued += 1;
      }
    }
  }
  return { plans: plans.length, enqueued };
}

const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/** What the `reminders.send` job writes and sends for a dose, or why it sends nothing. */
export async function doseReminderContent(deps: AppDeps, payload: DoseReminderPayload): Promise<ReminderContent | { skipped: string }> {
  // A job that runs late (the service was down) does not remind of a dose whose day is over.
  if (shanghaiDate(deps.clock.now()) !== payload.day) return { skipped: 'dose_day_over' };
  const plan = (await deps.models.MedicationPlan.findOne({ _id: payload.planId, residentId: payload.residentId }).lean()) as StoredPlan | null;
  if (!plan || !dosesOn(planFactsOf(plan), payload.day).includes(payload.time)) return { skipped: 'dose_no_longer_scheduled' };
  const key = doseKey(payload);
  if (await deps.models.MedicationDose.exists({ doseKey: key })) return { skipped: 'dose_already_recorded' };
  const fields = currentFieldsOf(plan);
  const dose = fields.doseText ? `${fields.drugName} ${fields.doseText}` : fields.drugName;
  return {
    kind: 'doseDue',
    residentId: new Types.ObjectId(payload.residentId),
    title: '该吃药了',
    body: `${timeOfDayText(payload.time)}：${dose}。吃了请在小程序里点「已服用」。`,
    bookingId: null,
    dueItemKey: null,
    doseKey: key,
    push: !isWithinQuietHours(payload.time, deps.config.medication.quietHours),
    templateId: deps.config.medication.reminderTemplateId,
    page: medicationPage,
    data: { thing1: { value: clip(fields.drugName, 20) }, time2: { value: `${payload.day} ${payload.time}` }, thing3: { value: clip(fields.doseText ?? '按医嘱', 20) }, thing4: { value: '吃了请点已服用' } },
  };
}
