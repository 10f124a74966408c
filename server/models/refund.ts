import { Schema } from 'mongoose';

/**
 * One refund of a completed checkout. `_id` is also the WeChat out_refund_no, so every retry asks
 * WeChat Pay for the same refund. reserved → provider_accepted → points_restored → succeeded, or
 * reserved → failed (WeChat Pay refused; nothing else was changed).
 */
export const refundStates = ['reserved', 'provider_accepted', 'points_restored', 'succeeded', 'failed'] as const;
export type RefundState = (typeof refundStates)[number];

export const refundSchema = new Schema(
  {
    _id: { type: String, required: true },
    checkoutId: { type: String, required: true, index: true },
    pharmacyId: { type: String, required: true },
    requestKey: { type: String, required: true, unique: true },
    refundFen: { type: Number, required: true },
    restoredPoints: { type: Number, required: true },
    restoredValueFen: { type: Number, required: true },
    cashFen: { type: Number, required: true },
    cashChannel: { type: String, enum: ['wechat', 'counter', 'none'], required: true },
    reason: { type: String, default: null },
    state: { type: String, enum: refundStates, required: true },
    stateChangedAt: { type: Date, required: true },
    wechatStatus: { type: String, default: null },
    wechatRefundId: { type: String, default: null },
    failure: { type: String, default: null },
    requestedByAccountId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    pointsRestoredAt: { type: Date, default: null },
    succeededAt: { type: Date, default: null },
  },
  { versionKey: false },
);
refundSchema.index({ state: 1, stateChangedAt: 1 });
refundSchema.index({ pointsRestoredAt: 1 });
