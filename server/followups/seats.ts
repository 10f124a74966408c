import { randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import type { AppDeps } from '../deps';

/**
 * Seats in an availability slot, each a single conditional update (see server/models/availabilitySlot.ts):
 * taking one needs `booked < capacity` and an unused token; giving one back needs the token to be
 * there. Both are safe to repeat and to race.
 */
/** `<bookingId>@<ISO time>@<nonce>`: unique per attempt even when the clock stands still. */
export function seatToken(bookingId: Types.ObjectId, at: Date): string {
  return `${String(bookingId)}@${at.toISOString()}@${randomBytes(4).toString('hex')}`;
}

export function parseSeatToken(token: string): { bookingId: string; at: Date } | null {
  const [bookingId, at] = token.split('@');
  if (!bookingId || !/^[0-9a-f]{24}$/.test(bookingId) || !at) return null;
  const time = new Date(at);
  return Number.isNaN(time.getTime()) ? null : { bookingId, at: time };
}

/** True when the seat was taken now; false when the slot is full, withdrawn or changed capacity. */
export async function takeSeat(deps: AppDeps, slot: { _id: Types.ObjectId; capacity: number }, token: string): Promise<boolean> {
  const { modifiedCount } = await deps.models.AvailabilitySlot.updateOne(
    { _id: slot._id, status: 'open', capacity: slot.capacity, booked: { $lt: slot.capacity }, reservations: { $ne: token } },
    { $inc: { booked: 1 }, $push: { reservations: token } },
  );
  return modifiedCount === 1;
}

/** Gives a seat back once: a second call (or a racing one) finds no token and changes nothing. */
export async function releaseSeat(deps: AppDeps, slotId: Types.ObjectId, token: string): Promise<boolean> {
  const { modifiedCount } = await deps.models.AvailabilitySlot.updateOne({ _id: slotId, reservations: token }, { $inc: { booked: -1 }, $pull: { reservations: token } });
  return modifiedCount === 1;
}
