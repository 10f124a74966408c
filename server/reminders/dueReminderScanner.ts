import type { AppDeps } from '../deps';
import { dueItemsOf } from '../followups/dueItems';
import { scheduleDueReminder } from './reminderScheduler';

/**
 * Finds items that have become due (inside their window, or overdue) for residents who use the
 * app, and enqueues one reminder per item (`reminder:due:<residentId>:<dueItemKey>`: running the
 * scan again, on any instance, adds nothing). Items already booked are left out.
 */
export async function dueReminderScanner(deps: AppDeps, options: { batchSize?: number } = {}) {
  let residents = 0;
  let enqueued = 0;
  const cursor = deps.models.Resident.find({ accountId: { $ne: null } }).batchSize(options.batchSize ?? 200).cursor();
  for await (const resident of cursor) {
    residents += 1;
    const items = await dueItemsOf(deps, resident.toObject());
    for (const item of items) {
      if (item.status === 'upcoming') continue;
      if (await deps.models.Booking.exists({ activeKey: `${String(resident._id)}:${item.key}` })) continue;
      const { created } = await scheduleDueReminder(deps, String(resident._id), item.key);
      if (created) enqueued += 1;
    }
  }
  return { residents, enqueued };
}
