import type { Types } from 'mongoose';
import { addCalendarDays, toInstant } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { enqueueJob } from '../jobs/jobQueue';
import type { DoseReminderPayload } from '../medication/doseReminders';

/**
 * Reminders are durable jobs named `reminders.send`, enqueued under the reminder's own key, so
 * enqueueing again (a retried request, a second instance, a restart) never makes a second job:
 *
 *   reminder:<bookingId>:<slotId>:day-before   09:00 Shanghai the day before the booking
 *   reminder:<bookingId>:<slotId>:two-hours    2 hours before it starts
 *   reminder:due:<residentId>:<dueItemKey>     when a due item enters its window (scan job)
 *   reminder:dose:<planId>:<day>:<HH:MM>       at a medication dose's time (server/medication/doseReminders.ts)
 *
 * The slot is in the booking keys so a rescheduled booking gets reminders for its new time; the
 * old ones find the booking moved and do nothing.
 */
export const REMINDER_JOB = 'reminders.send';
export const DAY_BEFORE_HOUR = 9;
export const TWO_HOURS_MS = 2 * 3_600_000;
const MAX_ATTEMPTS = 6;

export type ReminderPayload =
  | { kind: 'bookingDayBefore' | 'bookingTwoHours'; bookingId: string; slotId: string; residentId: string }
  | { kind: 'itemDue'; residentId: string; dueItemKey: string }
  | DoseReminderPayload;

export function bookingReminderKey(bookingId: string, slotId: string, which: 'day-before' | 'two-hours'): string {
  return `reminder:${bookingId}:${slotId}:${which}`;
}

export function dueReminderKey(residentId: string, dueItemKey: string): string {
  return `reminder:due:${residentId}:${dueItemKey}`;
}

/** The reminders a booking gets, in time order; those whose moment has passed are left out. */
export function plannedBookingReminders(booking: { _id: Types.ObjectId; slotId: Types.ObjectId; date: string; startsAt: Date }, now: Date) {
  const dayBefore = new Date(toInstant(addCalendarDays(booking.date, -1)).getTime() + DAY_BEFORE_HOUR * 3_600_000);
  const twoHours = new Date(booking.startsAt.getTime() - TWO_HOURS_MS);
  const planned = [
    { which: 'day-before' as const, kind: 'bookingDayBefore' as const, runAt: dayBefore },
    { which: 'two-hours' as const, kind: 'bookingTwoHours' as const, runAt: twoHours },
  ];
  // A reminder whose moment has passed (booked late in the day for tomorrow morning) is not sent.
  return planned.filter((p) => p.runAt > now).map((p) => ({ ...p, key: bookingReminderKey(String(booking._id), String(booking.slotId), p.which) }));
}

export async function scheduleBookingReminders(deps: AppDeps, booking: { _id: Types.ObjectId; residentId: Types.ObjectId; slotId: Types.ObjectId; date: string; startsAt: Date }) {
  const ids = { bookingId: String(booking._id), slotId: String(booking.slotId), residentId: String(booking.residentId) };
  const keys: string[] = [];
  for (const { kind, runAt, key } of plannedBookingReminders(booking, deps.clock.now())) {
    const payload: ReminderPayload = { kind, ...ids };
    await enqueueJob(deps.models, { name: REMINDER_JOB, key, runAt, payload, maxAttempts: MAX_ATTEMPTS });
    keys.push(key);
  }
  return keys;
}

export async function scheduleDueReminder(deps: AppDeps, residentId: string, dueItemKey: string) {
  const payload: ReminderPayload = { kind: 'itemDue', residentId, dueItemKey };
  return enqueueJob(deps.models, { name: REMINDER_JOB, key: dueReminderKey(residentId, dueItemKey), runAt: deps.clock.now(), payload, maxAttempts: MAX_ATTEMPTS });
}
