import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * A window a doctor team publishes for follow-ups (clinic, home visit or phone) with a capacity.
 *
 * Seats are taken and given back without transactions: `reservations` holds one token per seat
 * (`<bookingId>@<ISO time>@<nonce>`) and `booked` its length, both changed in the same single-document
 * update. Taking a seat is conditional on `booked < capacity` and on the token being absent;
 * giving it back is conditional on the token being present, so neither can happen twice and the
 * counter never drifts. A token whose booking no longer holds it (a crash between steps) is given
 * back by the reconciler (server/followups/slotReconciler.ts).
 */
export const slotPlaces = ['clinic', 'home', 'phone'] as const;

export const availabilitySlotSchema = new Schema(
  {
    institutionId: { type: String, required: true },
    teamId: { type: String, required: true },
    place: { type: String, enum: slotPlaces, required: true },
    /** Shanghai calendar day and local times 'HH:mm'. */
    date: { type: String, required: true },
    startTime: { type: String, required: true },
    endTime: { type: String, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    capacity: { type: Number, required: true },
    booked: { type: Number, required: true, default: 0 },
    reservations: { type: [String], default: [] },
    note: { type: String, default: null },
    status: { type: String, enum: ['open', 'withdrawn'], required: true, default: 'open' },
    createdBy: { type: Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
availabilitySlotSchema.index({ teamId: 1, startsAt: 1 });
availabilitySlotSchema.index({ booked: 1 });

export type AvailabilitySlotDoc = InferSchemaType<typeof availabilitySlotSchema>;
