/**
 * The checkout state machine. Every arrow is one conditional update `{ _id, state: from }` on the
 * checkout document; the arrows marked * call the ledger or WeChat Pay after the local write, and a
 * crash after the write is finished by the sweeper (checkoutSweeper), which replays the idempotent
 * call (holdId = checkoutId, out_trade_no = checkoutId) and moves on.
 *
 *   awaiting_confirmation ──confirm──▶ holding ──*hold placed──▶ awaiting_payment
 *          │                             └──*hold refused──▶ cancelled
 *          └──timeout / cancel──▶ cancelled
 *   awaiting_payment ──WeChat paid (callback or query) / counter paid──▶ capturing ──*captured──▶ completed
 *   awaiting_payment ──failed / closed / 15 min / cancel──▶ cancelling ──*order closed, hold released──▶ cancelled
 *   cancelling ──close says ORDERPAID──▶ capturing
 */
import { collectionOf } from '../db/collectionOf';
import type { AppDeps } from '../deps';
import type { CheckoutState } from '../models/checkout';

export const confirmWindowMs = 5 * 60_000;
export const paymentWindowMs = 15 * 60_000;
/** The hold outlives the payment window so a payment confirmed at its very end can still be captured. */
export const holdMarginMs = 60 * 60_000;

export const stateLabels: Record<CheckoutState, string> = {
  awaiting_confirmation: '待居民确认',
  holding: '正在冻结积分',
  awaiting_payment: '待支付',
  capturing: '正在完成抵扣',
  cancelling: '正在取消',
  completed: '已完成',
  cancelled: '已取消',
};

export interface CheckoutRecord {
  _id: string;
  pharmacyId: string;
  cashierAccountId: string;
  residentId: unknown;
  codeNonce: string;
  totalFen: number;
  selfPaidFen: number;
  eligibleSelfPaidFen: number;
  valueFenPerPoint: number;
  maxPoints: number;
  limitedBy: string;
  points: number | null;
  pointsValueFen: number | null;
  remainderFen: number | null;
  state: CheckoutState;
  stateChangedAt: Date;
  createdAt: Date;
  confirmDeadline: Date;
  confirmedBy: { accountId: string; basis: string; proxyLinkId: string | null } | null;
  confirmedAt: Date | null;
  holdExpiresAt: Date | null;
  paymentDeadline: Date | null;
  paymentMethod: 'wechat' | 'counter' | 'none' | null;
  wechat: { outTradeNo: string; payerOpenid: string; amountFen: number; description: string; state: 'creating' | 'created' | 'paid' | 'closed'; prepayId?: string; createdAt?: Date; transactionId?: string } | null;
  counterPaidFen: number;
  wechatPaidFen: number;
  paidAt: Date | null;
  capturedPoints: number;
  capturedAt: Date | null;
  cancelReason: string | null;
  cancelledAt: Date | null;
  refundedFen: number;
  refundedPoints: number;
  cashRefundedFen: number;
  refundCount: number;
  refundInProgress: string | null;
  problem: string | null;
  /** Every move of the machine, oldest first. */
  history: Array<{ state: CheckoutState; at: Date; by: string }>;
}

export async function loadCheckout(deps: AppDeps, checkoutId: string): Promise<CheckoutRecord | null> {
  return collectionOf<CheckoutRecord>(deps.models.Checkout).findOne<CheckoutRecord>({ _id: checkoutId });
}

/** One arrow of the machine: applies only if the checkout is still in one of `from`. */
export async function moveCheckout(
  deps: AppDeps,
  checkoutId: string,
  from: CheckoutState | CheckoutState[],
  to: CheckoutState,
  by: string,
  set: Record<string, unknown> = {},
  extraFilter: Record<string, unknown> = {},
): Promise<CheckoutRecord | null> {
  const now = deps.clock.now();
  return collectionOf<CheckoutRecord>(deps.models.Checkout).findOneAndUpdate(
    { _id: checkoutId, state: Array.isArray(from) ? { $in: from } : from, ...extraFilter },
    { $set: { ...set, state: to, stateChangedAt: now }, $push: { history: { state: to, at: now, by } } },
    { returnDocument: 'after' },
  ) as Promise<CheckoutRecord | null>;
}
