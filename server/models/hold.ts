import { Schema, Types } from 'mongoose';

export const holdStates = ['reserved', 'captured', 'released', 'expired'] as const;
export type HoldState = (typeof holdStates)[number];

/**
 * A two-phase redemption: reserved → captured | released | expired. `_id` is the caller's holdId.
 * Whether a hold is open is decided by the wallet (`openHolds`); this document is written from the
 * decided effect and moves only forward (`state: 'reserved'` in the update filter). Refunds after a
 * capture record each reversal here (`reversals`, guarded by `refundedFen`), never more than captured.
 */
export const holdSchema = new Schema(
  {
    _id: { type: String, required: true },
    residentId: { type: Types.ObjectId, required: true },
    checkoutId: { type: String, required: true },
    points: { type: Number, required: true },
    state: { type: String, enum: holdStates, required: true },
    monthKey: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    closedAt: { type: Date, default: null },
    capturedPoints: { type: Number, default: 0 },
    allocations: { type: [{ _id: false, lotId: String, points: Number }], default: [] },
    paidTotalFen: { type: Number, default: null },
    refundedFen: { type: Number, default: 0 },
    reversedPoints: { type: Number, default: 0 },
    reversalKeys: { type: [String], default: [] },
    reversals: { type: [{ _id: false, key: String, refundFen: Number, points: Number }], default: [] },
  },
  { versionKey: false },
);
holdSchema.index({ state: 1, expiresAt: 1 });
holdSchema.index({ residentId: 1, state: 1 });
