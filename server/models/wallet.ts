import { Schema, Types } from 'mongoose';

/**
 * One resident's passbook. The ONLY document whose single-document atomic update decides a ledger
 * operation: every change is a compare-and-set on `version` that also records the operation under
 * `pendingOps.<ref>` (its full effect), so the decision and its record can never be separated.
 * - `pendingOps`: applied operations whose entries/lots/hold documents may not be written yet.
 * - `doneOps`: recently finished or rejected operations (ref → { seq | code }), trimmed to the newest
 *   `doneOpsKept`; a fence so a slow duplicate can never apply an operation twice.
 * - `openHolds`: reserved holds (ref → { holdId, points, monthKey, expiresAt }); heldPoints == Σ points.
 * - `earnCounters`: credited points per period key (`d:<day>:<type>:<subKey>`, `m:<month>:<type>`,
 *   `y:<year>:<type>`, `y:<year>`), this and last Shanghai year only.
 * - `redeemedByMonth`: held + captured points per Shanghai month, for the monthly redemption cap.
 */
export const walletSchema = new Schema(
  {
    _id: { type: Types.ObjectId, required: true },
    residentId: { type: Types.ObjectId, required: true, unique: true },
    balancePoints: { type: Number, required: true, default: 0 },
    heldPoints: { type: Number, required: true, default: 0 },
    version: { type: Number, required: true, default: 0 },
    pendingCount: { type: Number, required: true, default: 0 },
    pendingOps: { type: Schema.Types.Mixed, default: {} },
    doneOps: { type: Schema.Types.Mixed, default: {} },
    openHolds: { type: Schema.Types.Mixed, default: {} },
    earnCounters: { type: Schema.Types.Mixed, default: {} },
    redeemedByMonth: { type: Schema.Types.Mixed, default: {} },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
walletSchema.index({ pendingCount: 1 });
