import type { Types } from 'mongoose';
import type { ShownBookingStatus } from '../../shared/api/followups';
import type { DueKind } from '../../shared/followup/dueEngine';
import { dueKindLabels, placeLabels, type VisitPlace } from '../../shared/followup/labels';

/** Shapes what residents and staff see; ids as strings, times as ISO, labels in plain Chinese. */
export interface BookingLike {
  _id: Types.ObjectId;
  residentId: Types.ObjectId;
  dueItemKey: string;
  dueKind: string;
  dueBy: string;
  status: string;
  slotId: Types.ObjectId;
  place: string;
  date: string;
  startTime: string;
  endTime: string;
  startsAt: Date;
  followUpRecordId?: Types.ObjectId | null;
  attendanceMarkedAt?: Date | null;
}

export function changeableUntil(startsAt: Date, cutoffMs: number): Date {
  return new Date(startsAt.getTime() - cutoffMs);
}

export function presentBooking(booking: BookingLike, now: Date, cutoffMs: number) {
  const until = changeableUntil(booking.startsAt, cutoffMs);
  return {
    bookingId: String(booking._id),
    residentId: String(booking.residentId),
    dueItemKey: booking.dueItemKey,
    dueKind: booking.dueKind,
    kindLabel: dueKindLabels[booking.dueKind as DueKind] ?? booking.dueKind,
    dueBy: booking.dueBy,
    status: booking.status as ShownBookingStatus,
    slotId: String(booking.slotId),
    place: booking.place,
    placeLabel: placeLabels[booking.place as VisitPlace] ?? booking.place,
    date: booking.date,
    startTime: booking.startTime,
    endTime: booking.endTime,
    startsAt: booking.startsAt.toISOString(),
    changeableUntil: until.toISOString(),
    changeable: booking.status === 'booked' && now < until,
    followUpRecorded: Boolean(booking.followUpRecordId),
  };
}

export type BookingView = ReturnType<typeof presentBooking>;

export interface SlotLike {
  _id: Types.ObjectId;
  place: string;
  date: string;
  startTime: string;
  endTime: string;
  startsAt: Date;
  capacity: number;
  booked: number;
  note?: string | null;
  status: string;
}

export function presentSlot(slot: SlotLike) {
  return {
    slotId: String(slot._id),
    place: slot.place,
    placeLabel: placeLabels[slot.place as VisitPlace] ?? slot.place,
    date: slot.date,
    startTime: slot.startTime,
    endTime: slot.endTime,
    startsAt: slot.startsAt.toISOString(),
    capacity: slot.capacity,
    booked: slot.booked,
    remaining: Math.max(0, slot.capacity - slot.booked),
    note: slot.note ?? null,
    status: slot.status,
  };
}
