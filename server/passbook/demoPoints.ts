import { Types } from 'mongoose';
import { addCalendarDays, shanghaiDate, toInstant } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { recordedDayOf } from '../records/domainEvents';
import { pointsEventConsumer } from './eventConsumer';

/**
 * Demo points history for the demo resident, so the 存折 tab is not empty: a few demo domain events
 * (fixed event ids, so a second start appends nothing) turned into points by the real consumer and
 * `pointsIssuer` (idempotent by event id).
 */
export async function seedDemoPoints(deps: AppDeps, residentId: Types.ObjectId): Promise<void> {
  const today = shanghaiDate(deps.clock.now());
  const at = (daysAgo: number, hhmm: string) => toInstant(`${addCalendarDays(today, -daysAgo)}T${hhmm}:00+08:00`);
  const events = [
    { eventId: 'demo:contract:wang', type: 'contractRecorded', occurredAt: at(40, '09:30'), payload: { status: 'active', startsOn: addCalendarDays(today, -40) } },
    { eventId: 'demo:screening:wang', type: 'screeningRecorded', occurredAt: at(20, '10:10'), payload: { measures: ['bp', 'glucose'] } },
    { eventId: 'demo:hcy:wang', type: 'hcyTestRecorded', occurredAt: at(20, '10:20'), payload: {} },
    { eventId: 'demo:reading:wang:1', type: 'homeReadingLogged', occurredAt: at(3, '07:15'), payload: { measure: 'bp' } },
    { eventId: 'demo:reading:wang:2', type: 'homeReadingLogged', occurredAt: at(2, '07:20'), payload: { measure: 'bp' } },
    { eventId: 'demo:reading:wang:3', type: 'homeReadingLogged', occurredAt: at(1, '06:50'), payload: { measure: 'glucose' } },
  ];
  for (const event of events) {
    await deps.models.DomainEvent.collection.updateOne(
      { eventId: event.eventId },
      { $setOnInsert: { ...event, residentId: new Types.ObjectId(residentId), recordedAt: deps.clock.now(), recordedDay: recordedDayOf(deps.clock.now()), pointsPending: true } },
      { upsert: true },
    );
  }
  await pointsEventConsumer(deps, { owner: 'seed' });
}
