/**
 * Checkout commands: create (cashier scans the code), confirm (resident or proxy; points held),
 * pay (WeChat JSAPI order or counter), payment confirmed (points captured), cancel (hold released,
 * WeChat order closed). Each step: guard → write locally (one conditional update) → call the ledger
 * or WeChat Pay (idempotent by checkoutId) → move on or compensate. See checkoutStates.ts.
 */
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { maxRedeemablePoints } from '../../shared/points';
import { collectionOf } from '../db/collectionOf';
import type { AppDeps } from '../deps';
import { AppError, badRequest, conflict, notFound, unprocessable } from '../http/errors';
import type { AccountActor } from '../http/actor';
import { notifyResidentOfProxyAction } from '../identity/proxyActionNotifier';
import { holdCapturer, holdReleaser, redemptionHolder, type HoldResult, type ReleaseResult } from '../ledger/commands';
import type { ReusedKey } from '../ledger/operation';
import { WechatPayError, WechatPayTransportError } from '../wechat/payClient';
import { confirmWindowMs, holdMarginMs, loadCheckout, moveCheckout, paymentWindowMs, type CheckoutRecord } from './checkoutStates';
import { redemptionAllowance, redemptionCodeClaimer, redemptionCodeInspector } from './redemptionCodes';

/** The effective result of an idempotent ledger call (a replay answers `exists` with the original). */
export function effective<R extends { result: string }>(r: R): R | OriginalOf<R> {
  return r.result === 'exists' && 'original' in r && r.original && typeof r.original === 'object' ? (r.original as OriginalOf<R>) : r;
}
type OriginalOf<R> = R extends ReusedKey<infer Settled> ? Settled : never;

/** Release answers after which a cancelled checkout holds no points. */
const holdGone = ['released', 'hold_already_released', 'hold_already_expired', 'hold_not_found'] satisfies ReleaseResult['result'][];

export interface BillInput {
  totalFen: number;
  selfPaidFen: number;
  eligibleSelfPaidFen: number;
}

export async function checkoutCreator(deps: AppDeps, input: BillInput & { pharmacyId: string; cashier: AccountActor; code: string }) {
  const { totalFen, selfPaidFen, eligibleSelfPaidFen } = input;
  if (!(eligibleSelfPaidFen <= selfPaidFen && selfPaidFen <= totalFen && selfPaidFen > 0)) throw badRequest('bill_amounts_inconsistent');
  const pharmacy = await deps.models.Pharmacy.findById(input.pharmacyId).lean();
  if (!pharmacy || pharmacy.status !== 'active') throw notFound('pharmacy_not_found');
  const code = await redemptionCodeInspector(deps, input.code);
  const allowance = await redemptionAllowance(deps, code.residentId);
  const offer = maxRedeemablePoints(allowance.policy, {
    eligibleSelfPaidFen,
    availablePoints: Math.max(0, allowance.availablePoints),
    redeemedThisMonthPoints: allowance.redeemedThisMonthPoints,
  });
  if (offer.maxPoints === 0) throw unprocessable('redemption_not_possible', { reason: offer.reason, limitedBy: offer.limitedBy, minPoints: allowance.policy.redemption.minPoints });
  const checkoutId = `co${randomBytes(12).toString('hex')}`;
  await redemptionCodeClaimer(deps, code.nonce, checkoutId);
  const now = deps.clock.now();
  await deps.models.Checkout.create({
    _id: checkoutId,
    pharmacyId: input.pharmacyId,
    cashierAccountId: input.cashier.accountId,
    residentId: new Types.ObjectId(code.residentId),
    codeNonce: code.nonce,
    totalFen,
    selfPaidFen,
    eligibleSelfPaidFen,
    valueFenPerPoint: allowance.policy.valueFenPerPoint,
    maxPoints: offer.maxPoints,
    limitedBy: offer.limitedBy,
    state: 'awaiting_confirmation',
    stateChangedAt: now,
    history: [{ state: 'awaiting_confirmation', at: now, by: input.cashier.accountId }],
    createdAt: now,
    confirmDeadline: new Date(now.getTime() + confirmWindowMs),
  });
  const created = await loadCheckout(deps, checkoutId);
  if (!created) throw new Error(`checkout ${checkoutId} vanished after insert`);
  return created;
}

/** A checkout of this resident, or checkout_not_found (ids of others reveal nothing). */
export async function residentCheckout(deps: AppDeps, residentId: string, checkoutId: string): Promise<CheckoutRecord> {
  const checkout = await loadCheckout(deps, checkoutId);
  if (!checkout || String(checkout.residentId) !== residentId) throw notFound('checkout_not_found');
  return checkout;
}

type HoldRefusalCode = 'insufficient_available_points' | 'exceeds_monthly_redemption_cap' | 'below_minimum' | 'checkout_busy';
/** Every hold answer a cancelled checkout can carry → the conflict it reports: the resident's own limits by name. */
const holdRefusals = {
  points_must_be_positive_integer: 'checkout_busy',
  hold_id_required: 'checkout_busy',
  exists_with_different_amount: 'checkout_busy',
  exists_with_different_payload: 'checkout_busy',
  exists: 'checkout_busy',
  expires_at_must_be_in_future: 'checkout_busy',
  below_minimum: 'below_minimum',
  exceeds_monthly_redemption_cap: 'exceeds_monthly_redemption_cap',
  insufficient_available_points: 'insufficient_available_points',
  held: 'checkout_busy',
} satisfies Record<HoldResult['result'], HoldRefusalCode>;
const holdRefusalOf = (code: string): HoldRefusalCode => (Object.hasOwn(holdRefusals, code) ? holdRefusals[code as HoldResult['result']] : 'checkout_busy');

export async function checkoutConfirmer(
  deps: AppDeps,
  input: { residentId: string; checkoutId: string; actor: AccountActor; basis: string; proxyLinkId: string | null; points?: number | undefined },
): Promise<CheckoutRecord> {
  const checkout = await residentCheckout(deps, input.residentId, input.checkoutId);
  const now = deps.clock.now();
  if (checkout.state !== 'awaiting_confirmation') throw conflict('checkout_not_awaiting_confirmation', { state: checkout.state });
  if (checkout.confirmDeadline.getTime() <= now.getTime()) {
    await moveCheckout(deps, checkout._id, 'awaiting_confirmation', 'cancelled', 'system', { cancelReason: 'confirmation_timeout', cancelledAt: now });
    throw conflict('checkout_not_awaiting_confirmation', { state: 'cancelled' });
  }
  const points = input.points ?? checkout.maxPoints;
  if (points > checkout.maxPoints) throw badRequest('points_exceed_offer', { maxPoints: checkout.maxPoints });
  const pointsValueFen = points * checkout.valueFenPerPoint;
  const holding = await moveCheckout(deps, checkout._id, 'awaiting_confirmation', 'holding', input.actor.accountId, {
    points,
    pointsValueFen,
    remainderFen: checkout.selfPaidFen - pointsValueFen,
    confirmedBy: { accountId: input.actor.accountId, basis: input.basis, proxyLinkId: input.proxyLinkId },
    confirmedAt: now,
    paymentDeadline: new Date(now.getTime() + paymentWindowMs),
    holdExpiresAt: new Date(now.getTime() + paymentWindowMs + holdMarginMs),
  });
  if (!holding) throw conflict('checkout_not_awaiting_confirmation');
  const advanced = await advanceHolding(deps, holding);
  if (advanced.state === 'cancelled') {
    const code = advanced.cancelReason ?? 'checkout_busy';
    throw conflict(holdRefusalOf(code), { state: 'cancelled' });
  }
  if (input.basis === 'proxy' && input.proxyLinkId) {
    await notifyResidentOfProxyAction(deps, {
      eventKey: `proxy-redemption:${checkout._id}`,
      residentId: input.residentId,
      proxyLinkId: input.proxyLinkId,
      kind: 'proxy.redemption',
      title: `家属代您抵扣了 ${points} 积分`,
      body: `在药店结算时，您的家属确认抵扣 ${points} 积分（${(pointsValueFen / 100).toFixed(2)} 元）。如非本人授权，请在“我的-家属代办”中撤销。`,
    }).catch((err: unknown) => deps.logger.warn({ err, checkoutId: checkout._id }, 'proxy redemption notice failed'));
  }
  return advanced;
}

/** holding → awaiting_payment (hold placed) or cancelled (refused). Replayable: holdId = checkoutId. */
export async function advanceHolding(deps: AppDeps, checkout: CheckoutRecord): Promise<CheckoutRecord> {
  if (checkout.state !== 'holding') return checkout;
  const now = deps.clock.now();
  const result = effective(
    await redemptionHolder(deps, {
      holdId: checkout._id,
      residentId: String(checkout.residentId),
      points: checkout.points ?? 0,
      expiresAt: checkout.holdExpiresAt ?? now,
      checkoutId: checkout._id,
      actor: checkout.confirmedBy?.accountId ?? 'system',
    }),
  );
  if (result.result === 'held') {
    const moved = await moveCheckout(deps, checkout._id, 'holding', 'awaiting_payment', 'system', checkout.remainderFen === 0 ? { paymentMethod: 'none' } : {});
    const current = moved ?? (await loadCheckout(deps, checkout._id));
    if (current?.state === 'awaiting_payment' && current.remainderFen === 0) return startCapture(deps, current, { paidAt: now }, 'system');
    return current ?? checkout;
  }
  const cancelled = await moveCheckout(deps, checkout._id, 'holding', 'cancelled', 'system', { cancelReason: result.result, cancelledAt: now });
  return cancelled ?? (await loadCheckout(deps, checkout._id)) ?? checkout;
}

async function startCapture(deps: AppDeps, checkout: CheckoutRecord, set: Record<string, unknown>, by: string, from: Array<'awaiting_payment' | 'cancelling'> = ['awaiting_payment']): Promise<CheckoutRecord> {
  const capturing = await moveCheckout(deps, checkout._id, from, 'capturing', by, set);
  if (!capturing) return (await loadCheckout(deps, checkout._id)) ?? checkout;
  return advanceCapturing(deps, capturing);
}

/** capturing → completed. Replayable: the capture is keyed by the holdId (= checkoutId). */
export async function advanceCapturing(deps: AppDeps, checkout: CheckoutRecord): Promise<CheckoutRecord> {
  if (checkout.state !== 'capturing') return checkout;
  const points = checkout.points ?? 0;
  const result = effective(await holdCapturer(deps, { holdId: checkout._id, residentId: String(checkout.residentId), points }));
  if (result.result === 'captured' || result.result === 'hold_already_captured') {
    const done = await moveCheckout(deps, checkout._id, 'capturing', 'completed', 'system', { capturedPoints: points, capturedAt: deps.clock.now() });
    return done ?? (await loadCheckout(deps, checkout._id)) ?? checkout;
  }
  // Paid, but the points are no longer held (released or expired): a person must settle this one.
  deps.logger.error({ checkoutId: checkout._id, result: result.result }, 'payment confirmed but the hold could not be captured');
  await deps.models.Checkout.updateOne({ _id: checkout._id, state: 'capturing' }, { $set: { problem: `capture_failed:${result.result}` } });
  return (await loadCheckout(deps, checkout._id)) ?? checkout;
}

const pharmacyNameCache = new Map<string, string>();
async function orderDescription(deps: AppDeps, pharmacyId: string): Promise<string> {
  let name = pharmacyNameCache.get(pharmacyId);
  if (name === undefined) {
    name = (await deps.models.Pharmacy.findById(pharmacyId, { name: 1 }).lean())?.name ?? '合作药店';
    pharmacyNameCache.set(pharmacyId, name);
  }
  return `居民健康存折-${name}`.slice(0, 120);
}

/**
 * The resident pays the remainder with WeChat Pay: the order (out_trade_no = checkoutId) is written
 * locally first, then created; a retry creates the very same order and gets the same prepay_id.
 */
export async function wechatPaymentStarter(deps: AppDeps, input: { residentId: string; checkoutId: string; payerOpenid: string }) {
  let checkout = await residentCheckout(deps, input.residentId, input.checkoutId);
  if (checkout.state !== 'awaiting_payment') throw conflict('checkout_not_awaiting_payment', { state: checkout.state });
  if (checkout.paymentMethod !== null && checkout.paymentMethod !== 'wechat') throw conflict('payment_method_conflict');
  if (!checkout.wechat) {
    const wechat = { outTradeNo: checkout._id, payerOpenid: input.payerOpenid, amountFen: checkout.remainderFen ?? 0, description: await orderDescription(deps, checkout.pharmacyId), state: 'creating' as const };
    const written = await collectionOf<CheckoutRecord>(deps.models.Checkout).findOneAndUpdate(
      { _id: checkout._id, state: 'awaiting_payment', paymentMethod: null },
      { $set: { paymentMethod: 'wechat', wechat } },
      { returnDocument: 'after' },
    );
    if (!written) throw conflict('checkout_not_awaiting_payment');
    checkout = written as unknown as CheckoutRecord;
  }
  const order = checkout.wechat!;
  if (!order.prepayId) {
    try {
      const { prepayId } = await deps.wechat.pay.createJsapiOrder({ outTradeNo: order.outTradeNo, description: order.description, totalFen: order.amountFen, payerOpenid: order.payerOpenid });
      await deps.models.Checkout.updateOne({ _id: checkout._id }, { $set: { 'wechat.prepayId': prepayId, 'wechat.state': 'created', 'wechat.createdAt': deps.clock.now() } });
      order.prepayId = prepayId;
    } catch (err) {
      if (err instanceof WechatPayTransportError) throw new AppError('wechat_pay_unavailable', 503);
      if (err instanceof WechatPayError) {
        // Compensate: no order was created, so the checkout may be paid another way.
        await deps.models.Checkout.updateOne({ _id: checkout._id, state: 'awaiting_payment', 'wechat.state': 'creating' }, { $set: { paymentMethod: null, wechat: null } });
        throw new AppError('wechat_pay_order_rejected', 502, { wechatCode: err.code });
      }
      throw err;
    }
  }
  return { checkoutId: checkout._id, amountFen: order.amountFen, requestPayment: deps.wechat.pay.requestPaymentParams(order.prepayId) };
}

export type PaymentOutcome = 'captured' | 'already_confirmed' | 'unknown_order' | 'amount_mismatch' | 'paid_after_cancel' | 'second_transaction' | 'not_payable';

/**
 * WeChat Pay says the order is paid (verified callback or our own query): check the amount, move
 * to capturing (once: a duplicate or late confirmation finds the state moved and changes nothing),
 * then capture the hold. The genuine payment settles an earlier amount mismatch (the problem is
 * cleared; the mismatching notification stays stored as rejected). Another transaction for an
 * order already paid is money taken twice: flagged `wechat_second_transaction` for a person to
 * refund, its id kept.
 */
export async function wechatPaymentConfirmer(deps: AppDeps, input: { outTradeNo: string; transactionId: string; amountFen: number; source: 'notification' | 'query' }): Promise<PaymentOutcome> {
  const checkout = await loadCheckout(deps, input.outTradeNo);
  if (!checkout?.wechat) return 'unknown_order';
  if (checkout.wechat.transactionId === input.transactionId && ['capturing', 'completed'].includes(checkout.state)) {
    if (checkout.state === 'capturing' && !checkout.problem) await advanceCapturing(deps, checkout);
    return 'already_confirmed';
  }
  if (checkout.wechat.transactionId && checkout.wechat.transactionId !== input.transactionId) {
    deps.logger.error({ checkoutId: checkout._id, paidTransactionId: checkout.wechat.transactionId, otherTransactionId: input.transactionId }, 'a second WeChat Pay transaction for a paid order');
    await deps.models.Checkout.updateOne({ _id: checkout._id }, { $set: { problem: 'wechat_second_transaction' }, $addToSet: { 'wechat.otherTransactionIds': input.transactionId } });
    return 'second_transaction';
  }
  if (input.amountFen !== checkout.wechat.amountFen) {
    deps.logger.error({ checkoutId: checkout._id, paidFen: input.amountFen, expectedFen: checkout.wechat.amountFen }, 'WeChat Pay amount does not match the order');
    await deps.models.Checkout.updateOne({ _id: checkout._id }, { $set: { problem: 'wechat_amount_mismatch' } });
    return 'amount_mismatch';
  }
  if (checkout.state === 'cancelled') {
    await deps.models.Checkout.updateOne({ _id: checkout._id }, { $set: { problem: 'paid_after_cancel' } });
    return 'paid_after_cancel';
  }
  if (checkout.state !== 'awaiting_payment' && checkout.state !== 'cancelling') return checkout.state === 'completed' ? 'already_confirmed' : 'not_payable';
  const after = await startCapture(
    deps,
    checkout,
    { wechatPaidFen: input.amountFen, paidAt: deps.clock.now(), 'wechat.transactionId': input.transactionId, 'wechat.state': 'paid', paymentMethod: 'wechat', ...(checkout.problem === 'wechat_amount_mismatch' ? { problem: null } : {}) },
    `wechat:${input.source}`,
    ['awaiting_payment', 'cancelling'],
  );
  return after.state === 'completed' ? 'captured' : after.wechat?.transactionId === input.transactionId ? 'captured' : 'already_confirmed';
}

/** The cashier took the remainder at the counter. A WeChat order already opened is closed first. */
export async function counterPaymentRecorder(deps: AppDeps, input: { checkoutId: string; amountFen: number; cashier: AccountActor }): Promise<CheckoutRecord> {
  const checkout = await loadCheckout(deps, input.checkoutId);
  if (!checkout) throw notFound('checkout_not_found');
  if (checkout.state !== 'awaiting_payment') throw conflict('checkout_not_awaiting_payment', { state: checkout.state });
  if (input.amountFen !== checkout.remainderFen) throw badRequest('counter_amount_mismatch', { remainderFen: checkout.remainderFen });
  if (checkout.wechat) {
    const closed = await closeWechatOrder(deps, checkout);
    if (closed === 'paid') throw conflict('payment_method_conflict');
    if (closed === 'unavailable') throw new AppError('wechat_pay_unavailable', 503);
  }
  return startCapture(
    deps,
    checkout,
    { paymentMethod: 'counter', counterPaidFen: input.amountFen, paidAt: deps.clock.now(), ...(checkout.wechat ? { 'wechat.state': 'closed' } : {}) },
    input.cashier.accountId,
  );
}

/**
 * Closes the WeChat order before points are released. 'paid' means the payer got there first: the
 * payment is confirmed from the query instead (and the checkout goes on to capture).
 */
async function closeWechatOrder(deps: AppDeps, checkout: CheckoutRecord): Promise<'closed' | 'paid' | 'unavailable'> {
  if (!checkout.wechat) return 'closed';
  try {
    await deps.wechat.pay.closeOrder(checkout.wechat.outTradeNo);
    await deps.models.Checkout.updateOne({ _id: checkout._id, 'wechat.state': { $ne: 'paid' } }, { $set: { 'wechat.state': 'closed' } });
    return 'closed';
  } catch (err) {
    if (err instanceof WechatPayError && err.code === 'ORDER_NOT_EXIST') return 'closed';
    if (err instanceof WechatPayError && err.code === 'ORDERPAID') {
      const tx = await deps.wechat.pay.queryOrderByOutTradeNo(checkout.wechat.outTradeNo).catch(() => null);
      if (tx?.transactionId && (tx.tradeState === 'SUCCESS' || tx.tradeState === 'REFUND')) {
        await wechatPaymentConfirmer(deps, { outTradeNo: tx.outTradeNo, transactionId: tx.transactionId, amountFen: tx.totalFen, source: 'query' });
      }
      return 'paid';
    }
    if (err instanceof WechatPayTransportError || err instanceof WechatPayError) return 'unavailable';
    throw err;
  }
}

/** Cancels a checkout not yet paid: before confirmation at once; after, close the order and release the hold. */
export async function checkoutCanceller(deps: AppDeps, input: { checkoutId: string; reason: string; by: string }): Promise<CheckoutRecord> {
  const checkout = await loadCheckout(deps, input.checkoutId);
  if (!checkout) throw notFound('checkout_not_found');
  const now = deps.clock.now();
  if (checkout.state === 'awaiting_confirmation') {
    const cancelled = await moveCheckout(deps, checkout._id, 'awaiting_confirmation', 'cancelled', input.by, { cancelReason: input.reason, cancelledAt: now });
    if (cancelled) return cancelled;
    return checkoutCanceller(deps, input);
  }
  if (checkout.state === 'awaiting_payment') {
    const cancelling = await moveCheckout(deps, checkout._id, 'awaiting_payment', 'cancelling', input.by, { cancelReason: input.reason });
    if (!cancelling) return checkoutCanceller(deps, input);
    return advanceCancelling(deps, cancelling);
  }
  if (checkout.state === 'cancelling') return advanceCancelling(deps, checkout);
  if (checkout.state === 'cancelled') return checkout;
  throw conflict('checkout_not_awaiting_payment', { state: checkout.state });
}

/** cancelling → cancelled (order closed, hold released) or → capturing (it was paid after all). Replayable. */
export async function advanceCancelling(deps: AppDeps, checkout: CheckoutRecord): Promise<CheckoutRecord> {
  if (checkout.state !== 'cancelling') return checkout;
  if (checkout.wechat && checkout.wechat.state !== 'closed') {
    const closed = await closeWechatOrder(deps, checkout);
    if (closed !== 'closed') return (await loadCheckout(deps, checkout._id)) ?? checkout;
  }
  const released = effective(await holdReleaser(deps, { holdId: checkout._id, residentId: String(checkout.residentId) }));
  if (!(holdGone as string[]).includes(released.result)) {
    deps.logger.error({ checkoutId: checkout._id, result: released.result }, 'hold could not be released on cancel');
    await deps.models.Checkout.updateOne({ _id: checkout._id }, { $set: { problem: `release_failed:${released.result}` } });
    return (await loadCheckout(deps, checkout._id)) ?? checkout;
  }
  const cancelled = await moveCheckout(deps, checkout._id, 'cancelling', 'cancelled', 'system', { cancelledAt: deps.clock.now() });
  return cancelled ?? (await loadCheckout(deps, checkout._id)) ?? checkout;
}
