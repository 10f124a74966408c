import { Schema, Types } from 'mongoose';

/**
 * The journal of ledger operations. `_id` is the idempotency key (`hold:<holdId>`, `earn:<eventId>`,
 * …), unique by construction. `payloadHash` tells a retry (same payload → the stored result) from a
 * reused key (different payload → `exists_with_different_*`). started → completed, or started →
 * rejected for a refusal that spent nothing (the key may be used again). An operation is
 * "applied" when the wallet holds its ref in `pendingOps`/`doneOps` (the only atomic place for it).
 * The recoverer replays started operations older than a grace period from `payload`.
 */
export const ledgerOperationSchema = new Schema(
  {
    _id: { type: String, required: true },
    ref: { type: String, required: true },
    type: { type: String, required: true },
    residentId: { type: Types.ObjectId, default: null },
    payload: { type: Schema.Types.Mixed, required: true },
    payloadHash: { type: String, required: true },
    amountPoints: { type: Number, default: null },
    state: { type: String, enum: ['started', 'completed', 'rejected'], required: true },
    result: { type: Schema.Types.Mixed, default: null },
    createdAt: { type: Date, required: true },
    completedAt: { type: Date, default: null },
  },
  { versionKey: false, minimize: false },
);
ledgerOperationSchema.index({ state: 1, createdAt: 1 });
ledgerOperationSchema.index({ residentId: 1, state: 1 });
