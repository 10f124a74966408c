import { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import { activeBookingStatuses } from '../models/booking';
import { parseSeatToken, releaseSeat } from './seats';

/**
 * Recovery after a crash between two steps of booking, rescheduling or cancelling: every seat
 * token in a slot must be held by an active booking (as its `reservation`, or as the
 * `moveReservation` of a move in progress). Tokens older than the grace period that nobody holds
 * are given back; moves older than the grace period are abandoned (their new seat then has no
 * holder and goes back too).
 *
 * A token whose booking does not exist at all belongs to an insert that never happened — or that
 * is about to. The reconciler first writes an `abandoned` booking under that very id: if that
 * succeeds the late insert can no longer succeed (duplicate _id) and the seat goes back; if it
 * fails, the booking exists after all and is looked at again next time.
 */
export async function slotReconciler(deps: AppDeps, options: { graceMs?: number } = {}) {
  const now = deps.clock.now();
  const before = new Date(now.getTime() - (options.graceMs ?? 5 * 60_000));
  let movesAbandoned = 0;
  let seatsReleased = 0;

  const staleMoves = await deps.models.Booking.find({ moveReservation: { $ne: null }, moveStartedAt: { $lt: before } }).lean();
  for (const booking of staleMoves) {
    const { modifiedCount } = await deps.models.Booking.updateOne(
      { _id: booking._id, moveReservation: booking.moveReservation },
      { $set: { moveToSlotId: null, moveReservation: null, moveStartedAt: null } },
    );
    movesAbandoned += modifiedCount;
  }

  const slots = await deps.models.AvailabilitySlot.find({ booked: { $gt: 0 } }, { reservations: 1 }).lean();
  for (const slot of slots) {
    for (const token of slot.reservations ?? []) {
      const parsed = parseSeatToken(token);
      if (parsed && parsed.at >= before) continue;
      const booking = parsed ? await deps.models.Booking.findById(parsed.bookingId).lean() : null;
      if (parsed && !booking) {
        try {
          await deps.models.Booking.collection.insertOne({ _id: new Types.ObjectId(parsed.bookingId), status: 'abandoned', activeKey: `abandoned:${parsed.bookingId}`, createdAt: now });
        } catch (err) {
          if ((err as { code?: number }).code === 11000) continue;
          throw err;
        }
      }
      const held =
        booking &&
        activeBookingStatuses.includes(booking.status) &&
        ((booking.reservation === token && slot._id.equals(booking.slotId)) || (booking.moveReservation === token && booking.moveToSlotId && slot._id.equals(booking.moveToSlotId)));
      if (held) continue;
      if (await releaseSeat(deps, slot._id, token)) seatsReleased += 1;
    }
  }
  return { movesAbandoned, seatsReleased };
}
