import { z } from 'zod';
import { calendarDay } from '../../shared/api/formats';
import { objectId } from './identitySchemas';

/** Response shapes shared by the availability, booking, follow-up and reminder routes. */
export const day = calendarDay();

export const slotView = z.object({
  slotId: z.string(),
  place: z.string(),
  placeLabel: z.string(),
  date: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  startsAt: z.string(),
  capacity: z.number().int(),
  booked: z.number().int(),
  remaining: z.number().int(),
  note: z.string().nullable(),
  status: z.string(),
});

export const bookingView = z.object({
  bookingId: z.string(),
  residentId: z.string(),
  dueItemKey: z.string(),
  dueKind: z.string(),
  kindLabel: z.string(),
  dueBy: z.string(),
  status: z.string(),
  slotId: z.string(),
  place: z.string(),
  placeLabel: z.string(),
  date: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  startsAt: z.string(),
  changeableUntil: z.string(),
  changeable: z.boolean(),
  followUpRecorded: z.boolean(),
});

export const residentBookingParams = z.object({ residentId: objectId, bookingId: objectId });
export const bookingIdParams = z.object({ bookingId: objectId });
