import type { Types } from 'mongoose';
import { addCalendarDays, shanghaiDate } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { slotInstant } from './availability';

/**
 * Demo availability for the demo teams, from tomorrow for two weeks (weekdays): a clinic morning,
 * a phone afternoon and, on Wednesdays, home visits. Idempotent: one upsert per team, day and window.
 */
const windows = [
  { place: 'clinic', startTime: '09:00', endTime: '11:00', capacity: 6, weekdays: [1, 2, 3, 4, 5] },
  { place: 'phone', startTime: '14:00', endTime: '16:00', capacity: 10, weekdays: [1, 2, 4, 5] },
  { place: 'home', startTime: '14:00', endTime: '17:00', capacity: 3, weekdays: [3] },
] as const;

export async function seedDemoAvailability(deps: AppDeps, input: { institutionId: string; teamIds: string[]; createdBy: Types.ObjectId }) {
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  let created = 0;
  for (let offset = 1; offset <= 14; offset += 1) {
    const date = addCalendarDays(today, offset);
    const [y, m, d] = date.split('-').map(Number);
    const weekday = new Date(Date.UTC(y ?? 2000, (m ?? 1) - 1, d ?? 1)).getUTCDay();
    for (const teamId of input.teamIds) {
      for (const w of windows) {
        if (!(w.weekdays as readonly number[]).includes(weekday)) continue;
        const { upsertedCount } = await deps.models.AvailabilitySlot.updateOne(
          { teamId, date, startTime: w.startTime, place: w.place },
          {
            $setOnInsert: {
              institutionId: input.institutionId,
              teamId,
              place: w.place,
              date,
              startTime: w.startTime,
              endTime: w.endTime,
              startsAt: slotInstant(date, w.startTime),
              endsAt: slotInstant(date, w.endTime),
              capacity: w.capacity,
              booked: 0,
              reservations: [],
              note: null,
              status: 'open',
              createdBy: input.createdBy,
              createdAt: now,
            },
          },
          { upsert: true },
        );
        created += upsertedCount;
      }
    }
  }
  return { created };
}
