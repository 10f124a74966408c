import { Schema, Types } from 'mongoose';

/**
 * Points earned (or restored, or adjusted in) together, with their own expiry. `remainingPoints`
 * changes only by `$inc` guarded by `appliedOpRefs` (the operation's ref is pushed in the same
 * update), so an allocation is taken from a lot exactly once. Σ remainingPoints == balancePoints.
 */
export const pointsLotSchema = new Schema(
  {
    _id: { type: String, required: true },
    residentId: { type: Types.ObjectId, required: true },
    originalPoints: { type: Number, required: true },
    remainingPoints: { type: Number, required: true },
    earnedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    sourceOpKey: { type: String, required: true },
    appliedOpRefs: { type: [String], default: [] },
  },
  { versionKey: false },
);
pointsLotSchema.index({ residentId: 1, remainingPoints: 1 });
pointsLotSchema.index({ expiresAt: 1, remainingPoints: 1 });
