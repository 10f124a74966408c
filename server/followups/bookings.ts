import { Types } from 'mongoose';
import type { DueKind } from '../../shared/followup/dueEngine';
import { placeSuits, type VisitPlace } from '../../shared/followup/labels';
import type { AppDeps } from '../deps';
import { conflict, notFound, unprocessable } from '../http/errors';
import type { BookingStatus } from '../models/booking';
import { scheduleBookingReminders } from '../reminders/reminderScheduler';
import { dueItemsOf, type ResidentForDue } from './dueItems';
import { changeableUntil } from './presenters';
import { releaseSeat, seatToken, takeSeat } from './seats';

/**
 * Booking, rescheduling and cancelling, each a short sequence of single-document conditional
 * updates (no transactions):
 *
 * - book: take a seat in the slot (conditional $inc) → insert the booking, whose unique `activeKey`
 *   allows one booking per due item → if the insert fails, give the seat back. A crash between the
 *   two leaves a seat token with no booking; the reconciler gives it back.
 * - reschedule: note the move on the booking → take the new seat → switch the booking to it →
 *   give the old seat back. The resident holds a place the whole time; a failed step undoes itself.
 * - cancel: booking → cancelled (conditional on `booked`) → give the seat back.
 */
export interface BookedBy {
  accountId: string;
  basis: string;
  proxyLinkId?: string | null;
}

const duplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;
const activeKeyOf = (residentId: Types.ObjectId, dueItemKey: string) => `${String(residentId)}:${dueItemKey}`;

async function bookableSlot(deps: AppDeps, resident: ResidentForDue, slotId: string, kind: DueKind) {
  const slot = Types.ObjectId.isValid(slotId) ? await deps.models.AvailabilitySlot.findById(slotId).lean() : null;
  if (!slot || slot.status !== 'open' || slot.teamId !== resident.teamId || slot.institutionId !== resident.institutionId) throw notFound('slot_not_found');
  if (slot.startsAt <= deps.clock.now()) throw conflict('slot_in_past');
  if (!placeSuits(kind, slot.place as VisitPlace)) throw unprocessable('slot_place_not_suitable', { place: slot.place, kind });
  return slot;
}

type BookableSlot = Awaited<ReturnType<typeof bookableSlot>>;

/** What a booking copies of the slot whose seat it holds (and the token of that seat), on booking and on a move. */
function seatFields(slot: BookableSlot, token: string) {
  return { slotId: slot._id, reservation: token, place: slot.place, date: slot.date, startTime: slot.startTime, endTime: slot.endTime, startsAt: slot.startsAt };
}

export async function bookingCreator(deps: AppDeps, input: { resident: ResidentForDue; slotId: string; dueItemKey: string; bookedBy: BookedBy }) {
  const { resident } = input;
  const now = deps.clock.now();
  const item = (await dueItemsOf(deps, resident)).find((d) => d.key === input.dueItemKey);
  if (!item) throw conflict('due_item_not_found');
  const slot = await bookableSlot(deps, resident, input.slotId, item.kind);
  const activeKey = activeKeyOf(resident._id, item.key);
  // A fast answer for the common case; the unique index is what guarantees it.
  if (await deps.models.Booking.exists({ activeKey })) throw conflict('due_item_already_booked');

  const bookingId = new Types.ObjectId();
  const token = seatToken(bookingId, now);
  if (!(await takeSeat(deps, slot, token))) throw conflict('slot_full');
  let booking;
  try {
    booking = await deps.models.Booking.create({
      _id: bookingId,
      residentId: resident._id,
      institutionId: slot.institutionId,
      teamId: slot.teamId,
      dueItemKey: item.key,
      dueKind: item.kind,
      dueBy: item.dueBy,
      activeKey,
      status: 'booked',
      ...seatFields(slot, token),
      bookedBy: { accountId: input.bookedBy.accountId, basis: input.bookedBy.basis, proxyLinkId: input.bookedBy.proxyLinkId ?? null },
      createdAt: now,
    });
  } catch (err) {
    // Compensate: the seat goes back whatever went wrong (it is a no-op if the reconciler already did).
    await releaseSeat(deps, slot._id, token);
    if (duplicateKey(err)) {
      const keyPattern = (err as { keyPattern?: Record<string, unknown> }).keyPattern ?? {};
      if ('activeKey' in keyPattern || (await deps.models.Booking.exists({ activeKey }))) throw conflict('due_item_already_booked');
      throw conflict('booking_interrupted');
    }
    throw err;
  }
  const doc = booking.toObject();
  await scheduleBookingReminders(deps, doc);
  return doc;
}

async function ownBooking(deps: AppDeps, resident: ResidentForDue, bookingId: string) {
  const booking = Types.ObjectId.isValid(bookingId) ? await deps.models.Booking.findOne({ _id: bookingId, residentId: resident._id }).lean() : null;
  if (!booking || booking.status === 'abandoned') throw notFound('booking_not_found');
  return booking;
}

function assertChangeable(deps: AppDeps, booking: { status: string; startsAt: Date }) {
  if (booking.status !== 'booked') throw conflict('booking_not_active');
  const cutoffMs = deps.config.followups.cancelCutoffMs;
  if (deps.clock.now() >= changeableUntil(booking.startsAt, cutoffMs)) {
    throw conflict('booking_cancel_cutoff_passed', { cutoffHours: cutoffMs / 3_600_000, changeableUntil: changeableUntil(booking.startsAt, cutoffMs).toISOString() });
  }
}

export async function bookingRescheduler(deps: AppDeps, input: { resident: ResidentForDue; bookingId: string; slotId: string }) {
  const booking = await ownBooking(deps, input.resident, input.bookingId);
  assertChangeable(deps, booking);
  if (String(booking.slotId) === input.slotId) throw conflict('booking_same_slot');
  const slot = await bookableSlot(deps, input.resident, input.slotId, booking.dueKind as DueKind);
  const now = deps.clock.now();
  const token = seatToken(booking._id, now);

  // 1. The move is noted on the booking first, so a crash at any later point is recognisable.
  const noted = await deps.models.Booking.updateOne(
    { _id: booking._id, status: 'booked', slotId: booking.slotId, reservation: booking.reservation, moveReservation: null },
    { $set: { moveToSlotId: slot._id, moveReservation: token, moveStartedAt: now } },
  );
  if (noted.modifiedCount !== 1) throw conflict('booking_busy');
  // 2. The new seat, before anything is given up.
  if (!(await takeSeat(deps, slot, token))) {
    await deps.models.Booking.updateOne({ _id: booking._id, moveReservation: token }, { $set: { moveToSlotId: null, moveReservation: null, moveStartedAt: null } });
    throw conflict('slot_full');
  }
  // 3. The booking now holds the new seat.
  const moved = await deps.models.Booking.findOneAndUpdate(
    { _id: booking._id, status: 'booked', moveReservation: token },
    {
      $set: {
        ...seatFields(slot, token),
        rescheduledAt: now,
        moveToSlotId: null,
        moveReservation: null,
        moveStartedAt: null,
      },
    },
    { returnDocument: 'after', lean: true },
  );
  if (!moved) {
    await releaseSeat(deps, slot._id, token);
    throw conflict('booking_busy');
  }
  // 4. Only now the old seat goes back.
  await releaseSeat(deps, booking.slotId, booking.reservation);
  await scheduleBookingReminders(deps, moved);
  return moved;
}

export async function bookingCanceller(deps: AppDeps, input: { resident: ResidentForDue; bookingId: string }) {
  const booking = await ownBooking(deps, input.resident, input.bookingId);
  if (booking.status === 'cancelled') return booking;
  assertChangeable(deps, booking);
  const cancelled = await deps.models.Booking.findOneAndUpdate(
    { _id: booking._id, status: 'booked', moveReservation: null },
    { $set: { status: 'cancelled', cancelledAt: deps.clock.now(), activeKey: `${booking.activeKey}:cancelled:${String(booking._id)}` } },
    { returnDocument: 'after', lean: true },
  );
  if (!cancelled) {
    const now = await deps.models.Booking.findById(booking._id).lean();
    if (now?.status === 'cancelled') return now;
    throw conflict('booking_busy');
  }
  await releaseSeat(deps, cancelled.slotId, cancelled.reservation);
  return cancelled;
}

export async function residentBookings(deps: AppDeps, resident: ResidentForDue, statuses?: BookingStatus[]) {
  return deps.models.Booking.find({ residentId: resident._id, status: { $in: statuses ?? ['booked', 'attended', 'noShow', 'cancelled'] } })
    .sort({ startsAt: -1 })
    .limit(100)
    .lean();
}

/** The live booking (booked or attended) of each of these due items, by due-item key. */
export async function bookingsOfDueItems(deps: AppDeps, resident: ResidentForDue, dueItemKeys: string[]) {
  const bookings = await deps.models.Booking.find({ residentId: resident._id, status: { $in: ['booked', 'attended'] }, dueItemKey: { $in: dueItemKeys } }).lean();
  return new Map(bookings.map((b) => [b.dueItemKey, b]));
}

export async function bookingById(deps: AppDeps, bookingId: string) {
  return deps.models.Booking.findById(bookingId).lean();
}
