import { Schema, Types } from 'mongoose';

export const ledgerEntryTypes = ['earn', 'hold', 'capture', 'release', 'reverse', 'expire', 'adjust'] as const;
export type LedgerEntryType = (typeof ledgerEntryTypes)[number];

/**
 * The passbook ledger: one immutable document per decided operation (docs/ledger.md).
 * - `_id` is the caller's idempotency key (`hold:<holdId>`, `earn:<eventId>`, …).
 * - `(residentId, seq)` is unique and seq runs 1, 2, 3 … per resident, so inserting seq n+1 is the
 *   compare-and-set: of two operations planned on the same head, one insert wins.
 * - `entries` are the lines (+/− points, ± held, reason, source, policy version, actor); a refusal
 *   that depends on the wallet (insufficient points, the monthly cap) is committed with none, so
 *   the key stays spent and a retry gets the same answer.
 * - `state` is the wallet after this operation: the next one is planned from it alone.
 * - `holdId`, `expiresAt` (a hold's or a new lot's), `earn` and `reversal` are what later planners
 *   and the expiry sweeps look up.
 */
export const ledgerCommitSchema = new Schema(
  {
    _id: { type: String, required: true },
    residentId: { type: Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    type: { type: String, required: true },
    payloadHash: { type: String, required: true },
    amountPoints: { type: Number, default: null },
    at: { type: Date, required: true },
    holdId: { type: String },
    expiresAt: { type: Date },
    earn: { type: Schema.Types.Mixed },
    reversal: { type: Schema.Types.Mixed },
    entries: { type: [Schema.Types.Mixed], required: true },
    result: { type: Schema.Types.Mixed, required: true },
    state: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false },
);
ledgerCommitSchema.index({ residentId: 1, seq: 1 }, { unique: true });
ledgerCommitSchema.index({ at: 1 });
ledgerCommitSchema.index({ expiresAt: 1 }, { sparse: true });

/** Where the expiry sweeps got to (`holds`, `lots`), and residents whose expired points were held. */
export const ledgerSweepSchema = new Schema(
  {
    _id: { type: String, required: true },
    coveredUntil: { type: Date, required: true },
    revisitResidentIds: { type: [Types.ObjectId], default: [] },
  },
  { versionKey: false },
);
