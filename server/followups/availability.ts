import { Types } from 'mongoose';
import { addCalendarDays, isCalendarDay, shanghaiDate, toInstant } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { unprocessable } from '../http/errors';
import type { VisitPlace } from '../../shared/followup/labels';
import type { ResidentForDue } from './dueItems';

/**
 * Availability: a doctor publishes slots for their own team; residents see their team's open
 * slots for the next two weeks with the seats left.
 */
export const AVAILABILITY_DAYS = 14;
export const SLOT_CAPACITY_MAX = 50;
export const timeOfDayPattern = /^([01]\d|2[0-3]):[0-5]\d$/;

/** 'YYYY-MM-DD' + 'HH:mm' Shanghai time → the instant. */
export function slotInstant(date: string, time: string): Date {
  const [h, m] = time.split(':').map(Number);
  return new Date(toInstant(date).getTime() + ((h ?? 0) * 60 + (m ?? 0)) * 60_000);
}

export interface SlotInput {
  place: VisitPlace;
  date: string;
  startTime: string;
  endTime: string;
  capacity: number;
  note?: string;
}

export async function slotPublisher(deps: AppDeps, team: { institutionId: string; teamId: string; accountId: string }, input: SlotInput) {
  const now = deps.clock.now();
  if (!isCalendarDay(input.date) || !timeOfDayPattern.test(input.startTime) || !timeOfDayPattern.test(input.endTime)) throw unprocessable('slot_time_invalid');
  const startsAt = slotInstant(input.date, input.startTime);
  const endsAt = slotInstant(input.date, input.endTime);
  if (endsAt <= startsAt || startsAt <= now) throw unprocessable('slot_time_invalid');
  const slot = await deps.models.AvailabilitySlot.create({
    institutionId: team.institutionId,
    teamId: team.teamId,
    place: input.place,
    date: input.date,
    startTime: input.startTime,
    endTime: input.endTime,
    startsAt,
    endsAt,
    capacity: input.capacity,
    booked: 0,
    reservations: [],
    note: input.note ?? null,
    status: 'open',
    createdBy: new Types.ObjectId(team.accountId),
    createdAt: now,
  });
  return slot.toObject();
}

/** A team's slots between two Shanghai days (inclusive), in time order. */
export function teamSlots(deps: AppDeps, teamId: string, from: string, to: string) {
  return deps.models.AvailabilitySlot.find({ teamId, startsAt: { $gte: toInstant(from), $lt: toInstant(addCalendarDays(to, 1)) } })
    .sort({ startsAt: 1 })
    .limit(500)
    .lean();
}

/** What a resident may book: their team's open slots from now to AVAILABILITY_DAYS ahead. */
export async function residentAvailability(deps: AppDeps, resident: ResidentForDue) {
  const now = deps.clock.now();
  if (!resident.teamId) return [];
  const today = shanghaiDate(now);
  const slots = await deps.models.AvailabilitySlot.find({
    teamId: resident.teamId,
    institutionId: resident.institutionId,
    status: 'open',
    startsAt: { $gt: now, $lt: toInstant(addCalendarDays(today, AVAILABILITY_DAYS + 1)) },
  })
    .sort({ startsAt: 1 })
    .limit(300)
    .lean();
  return slots;
}
