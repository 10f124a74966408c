import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * A 出示码: `_id` is the code's random nonce (unique), the digits shown also carry an HMAC of it.
 * issued → used (one conditional update, so two scans of one code make one checkout) | superseded
 * (the phone refreshed: a screenshot of the older code is worthless at once). Valid 60 s.
 */
export const redemptionCodeStates = ['issued', 'used', 'superseded'] as const;

export const redemptionCodeSchema = new Schema(
  {
    _id: { type: String, required: true },
    residentId: { type: Types.ObjectId, required: true },
    issuedByAccountId: { type: String, required: true },
    proxyLinkId: { type: String, default: null },
    state: { type: String, enum: redemptionCodeStates, required: true },
    createdAt: { type: Date, required: true },
    /** Tie-break for codes issued in the same millisecond (which one superseded the other). */
    issueOrder: { type: Types.ObjectId, default: null },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    checkoutId: { type: String, default: null },
  },
  { versionKey: false },
);
redemptionCodeSchema.index({ residentId: 1, state: 1 });

export type RedemptionCodeDoc = InferSchemaType<typeof redemptionCodeSchema>;
