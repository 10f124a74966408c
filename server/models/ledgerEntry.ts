import { Schema, Types } from 'mongoose';

export const ledgerEntryTypes = ['earn', 'hold', 'capture', 'release', 'reverse', 'expire', 'adjust'] as const;
export type LedgerEntryType = (typeof ledgerEntryTypes)[number];

/**
 * An immutable ledger line. `_id` and `idempotencyKey` are `<operation key>#<n>`, so writing the
 * entries of an operation twice (a retry, the recoverer) inserts them once. `points` changes the
 * balance, `heldDeltaPoints` the held amount; balance == Σ points and held == Σ heldDeltaPoints.
 * `seq` is the wallet version the operation produced: entries sort by it, and
 * `balanceAfterPoints` is the running balance the statement shows.
 */
export const ledgerEntrySchema = new Schema(
  {
    _id: { type: String, required: true },
    idempotencyKey: { type: String, required: true, unique: true },
    opKey: { type: String, required: true },
    residentId: { type: Types.ObjectId, required: true },
    type: { type: String, enum: ledgerEntryTypes, required: true },
    points: { type: Number, required: true },
    heldDeltaPoints: { type: Number, required: true, default: 0 },
    cappedPoints: { type: Number, required: true, default: 0 },
    reasonCode: { type: String, required: true },
    note: { type: String, default: null },
    sourceEventId: { type: String, default: null },
    checkoutId: { type: String, default: null },
    holdId: { type: String, default: null },
    lotId: { type: String, default: null },
    policyVersion: { type: Number, default: null },
    actor: { type: String, required: true },
    seq: { type: Number, required: true },
    balanceAfterPoints: { type: Number, required: true },
    heldAfterPoints: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
ledgerEntrySchema.index({ residentId: 1, seq: -1 });
ledgerEntrySchema.index({ residentId: 1, at: -1 });
