import type { Types } from 'mongoose';
import { shanghaiDate } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { plannedBookingReminders } from './reminderScheduler';
import { bookingReminderText } from './reminderSender';

/**
 * The in-app reminder list (newest first) and its unread count; reading marks them read. Also the
 * reminders still to come for the resident's booked visits (tomorrow's booking already has its
 * "明天有预约" waiting for 09:00), with when they will be sent, so 提醒 is never blank while
 * something is planned.
 */
export async function residentReminders(deps: AppDeps, residentId: Types.ObjectId) {
  const now = deps.clock.now();
  const [reminders, unreadCount, bookings] = await Promise.all([
    deps.models.Reminder.find({ residentId }).sort({ createdAt: -1 }).limit(100).lean(),
    deps.models.Reminder.countDocuments({ residentId, readAt: null }),
    deps.models.Booking.find({ residentId, status: 'booked', startsAt: { $gt: now } }).sort({ startsAt: 1 }).limit(20).lean(),
  ]);
  const sent = new Set(reminders.map((r) => r.key));
  const upcoming = bookings.flatMap((booking) =>
    plannedBookingReminders(booking, now)
      .filter((planned) => !sent.has(planned.key))
      .map((planned) => {
        const text = bookingReminderText(planned.kind, booking, shanghaiDate(planned.runAt));
        return { key: planned.key, kind: planned.kind, title: text.title, body: text.body, bookingId: String(booking._id), at: planned.runAt.toISOString() };
      }),
  );
  return {
    unreadCount,
    upcoming: upcoming.sort((a, b) => a.at.localeCompare(b.at)),
    reminders: reminders.map((r) => ({
      reminderId: String(r._id),
      kind: r.kind,
      title: r.title,
      body: r.body,
      bookingId: r.bookingId ? String(r.bookingId) : null,
      dueItemKey: r.dueItemKey ?? null,
      doseKey: r.doseKey ?? null,
      createdAt: r.createdAt.toISOString(),
      read: Boolean(r.readAt),
      wechat: r.sendState,
    })),
  };
}

export async function markRemindersRead(deps: AppDeps, residentId: Types.ObjectId) {
  const { modifiedCount } = await deps.models.Reminder.updateMany({ residentId, readAt: null }, { $set: { readAt: deps.clock.now() } });
  return { marked: modifiedCount };
}
