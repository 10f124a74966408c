import { Schema, Types } from 'mongoose';
import { checkoutStates } from '../../shared/api/checkout';

export { checkoutStates, type CheckoutState } from '../../shared/api/checkout';

/**
 * One pharmacy checkout and its state machine (server/checkout/README in checkoutStates.ts).
 * Every change is a single-document conditional update from a named state; the hold in the ledger
 * uses this checkout's `_id` as its holdId, and the WeChat order uses it as out_trade_no.
 */
export const checkoutSchema = new Schema(
  {
    _id: { type: String, required: true },
    pharmacyId: { type: String, required: true },
    cashierAccountId: { type: String, required: true },
    residentId: { type: Types.ObjectId, required: true },
    codeNonce: { type: String, required: true, unique: true },
    totalFen: { type: Number, required: true },
    selfPaidFen: { type: Number, required: true },
    eligibleSelfPaidFen: { type: Number, required: true },
    valueFenPerPoint: { type: Number, required: true },
    maxPoints: { type: Number, required: true },
    limitedBy: { type: String, required: true },
    points: { type: Number, default: null },
    pointsValueFen: { type: Number, default: null },
    remainderFen: { type: Number, default: null },
    state: { type: String, enum: checkoutStates, required: true },
    stateChangedAt: { type: Date, required: true },
    history: { type: [{ _id: false, state: String, at: Date, by: String }], default: [] },
    createdAt: { type: Date, required: true },
    confirmDeadline: { type: Date, required: true },
    confirmedBy: { type: Schema.Types.Mixed, default: null },
    confirmedAt: { type: Date, default: null },
    holdExpiresAt: { type: Date, default: null },
    paymentDeadline: { type: Date, default: null },
    paymentMethod: { type: String, enum: ['wechat', 'counter', 'none', null], default: null },
    wechat: { type: Schema.Types.Mixed, default: null },
    counterPaidFen: { type: Number, default: 0 },
    wechatPaidFen: { type: Number, default: 0 },
    paidAt: { type: Date, default: null },
    capturedPoints: { type: Number, default: 0 },
    capturedAt: { type: Date, default: null },
    cancelReason: { type: String, default: null },
    cancelledAt: { type: Date, default: null },
    refundedFen: { type: Number, default: 0 },
    refundedPoints: { type: Number, default: 0 },
    cashRefundedFen: { type: Number, default: 0 },
    refundCount: { type: Number, default: 0 },
    refundInProgress: { type: String, default: null },
    problem: { type: String, default: null },
  },
  { versionKey: false, minimize: false },
);
checkoutSchema.index({ pharmacyId: 1, createdAt: -1 });
checkoutSchema.index({ residentId: 1, createdAt: -1 });
checkoutSchema.index({ state: 1, stateChangedAt: 1 });
checkoutSchema.index({ pharmacyId: 1, capturedAt: 1 });
checkoutSchema.index({ 'wechat.prepayId': 1 });
