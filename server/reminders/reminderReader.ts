import type { Types } from 'mongoose';
import type { AppDeps } from '../deps';

/** The in-app reminder list (newest first) and its unread count; reading marks them read. */
export async function residentReminders(deps: AppDeps, residentId: Types.ObjectId) {
  const [reminders, unreadCount] = await Promise.all([
    deps.models.Reminder.find({ residentId }).sort({ createdAt: -1 }).limit(100).lean(),
    deps.models.Reminder.countDocuments({ residentId, readAt: null }),
  ]);
  return {
    unreadCount,
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
