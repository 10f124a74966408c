import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * A resident's booking of one slot for one due item (`dueItemKey`, from shared/followup/dueEngine).
 *
 * `activeKey` is unique: `<residentId>:<dueItemKey>` while the booking holds the item (booked or
 * attended), rewritten to `…:<status>:<bookingId>` when it lets go (cancelled, no-show), so a
 * resident never holds two bookings for the same due item. `reservation` is the seat token the
 * booking holds in its slot; during a reschedule `moveToSlotId`/`moveReservation` name the seat
 * taken in the new slot before the old one is given back.
 *
 * `abandoned` is written only by the reconciler, over the id of a booking whose insert never
 * happened (a crash after its seat was taken), so the late insert cannot succeed afterwards.
 */
export const bookingStatuses = ['booked', 'attended', 'noShow', 'cancelled', 'abandoned'] as const;
export type BookingStatus = (typeof bookingStatuses)[number];
export const activeBookingStatuses: readonly BookingStatus[] = ['booked', 'attended'];

export const bookingSchema = new Schema(
  {
    residentId: { type: Types.ObjectId, required: true },
    institutionId: { type: String, required: true },
    teamId: { type: String, required: true },
    dueItemKey: { type: String, required: true },
    dueKind: { type: String, required: true },
    dueBy: { type: String, required: true },
    activeKey: { type: String, required: true, unique: true },
    status: { type: String, enum: bookingStatuses, required: true },
    slotId: { type: Types.ObjectId, required: true },
    reservation: { type: String, required: true },
    place: { type: String, required: true },
    date: { type: String, required: true },
    startTime: { type: String, required: true },
    endTime: { type: String, required: true },
    startsAt: { type: Date, required: true },
    moveToSlotId: { type: Types.ObjectId, default: null },
    moveReservation: { type: String, default: null },
    moveStartedAt: { type: Date, default: null },
    bookedBy: {
      type: new Schema({ accountId: { type: String, required: true }, basis: { type: String, required: true }, proxyLinkId: { type: String, default: null } }, { _id: false }),
      required: true,
    },
    createdAt: { type: Date, required: true },
    rescheduledAt: { type: Date, default: null },
    cancelledAt: { type: Date, default: null },
    attendanceMarkedAt: { type: Date, default: null },
    attendanceMarkedBy: { type: String, default: null },
    followUpRecordId: { type: Types.ObjectId, default: null },
  },
  { versionKey: false },
);
bookingSchema.index({ residentId: 1, startsAt: -1 });
bookingSchema.index({ teamId: 1, date: 1 });
bookingSchema.index({ slotId: 1 });

export type BookingDoc = InferSchemaType<typeof bookingSchema>;
