/**
 * Refunds of a completed checkout, full or partial, by the pharmacy's cashier.
 *
 * The refunded fen of the self-paid bill are split: points come back in proportion to what points
 * covered (proportionalRestore on the running total, the same formula pointsReverser applies), the
 * rest is money back through the channel it was paid (WeChat Pay or the counter), never more than
 * was paid that way. One refund at a time per checkout (`refundInProgress`), so every split is taken
 * against the totals the previous refund left.
 *
 *   reserved ──WeChat accepted (or no WeChat part)──▶ provider_accepted ──points restored, totals──▶
 *   points_restored ──REFUND.SUCCESS (callback or query) / no WeChat part──▶ succeeded
 *   reserved ──WeChat refused──▶ failed (lock released, nothing else changed)
 * `_id` is the out_refund_no: every retry asks WeChat Pay for the same refund.
 */
import { randomBytes } from 'node:crypto';
import { proportionalRestore } from '../../shared/points';
import { collectionOf } from '../db/collectionOf';
import type { AppDeps } from '../deps';
import type { AccountActor } from '../http/actor';
import { AppError, badRequest, conflict, notFound } from '../http/errors';
import { isDuplicateKeyError } from '../identity/codes';
import { pointsReverser } from '../ledger/commands';
import { WechatPayError, WechatPayTransportError } from '../wechat/payClient';
import { loadCheckout } from './checkoutStates';
import { effective } from './checkouts';

export const refundWindowMs = 365 * 24 * 3_600_000;
export const refundsPerOrderMax = 50;

export interface RefundRecord {
  _id: string;
  checkoutId: string;
  pharmacyId: string;
  requestKey: string;
  refundFen: number;
  restoredPoints: number;
  restoredValueFen: number;
  cashFen: number;
  cashChannel: 'wechat' | 'counter' | 'none';
  reason: string | null;
  state: 'reserved' | 'provider_accepted' | 'points_restored' | 'succeeded' | 'failed';
  stateChangedAt: Date;
  wechatStatus: string | null;
  wechatRefundId: string | null;
  failure: string | null;
  requestedByAccountId: string;
  createdAt: Date;
  pointsRestoredAt: Date | null;
  succeededAt: Date | null;
}

const loadRefund = (deps: AppDeps, refundId: string) => collectionOf<RefundRecord>(deps.models.Refund).findOne<RefundRecord>({ _id: refundId });

async function moveRefund(deps: AppDeps, refundId: string, from: RefundRecord['state'], to: RefundRecord['state'], set: Record<string, unknown> = {}) {
  return collectionOf<RefundRecord>(deps.models.Refund).findOneAndUpdate(
    { _id: refundId, state: from },
    { $set: { ...set, state: to, stateChangedAt: deps.clock.now() } },
    { returnDocument: 'after' },
  ) as Promise<RefundRecord | null>;
}

export async function refundRequester(
  deps: AppDeps,
  input: { checkoutId: string; refundFen: number; reason?: string | undefined; requestKey?: string | undefined; cashier: AccountActor },
): Promise<RefundRecord> {
  if (input.requestKey) {
    const earlier = await collectionOf<RefundRecord>(deps.models.Refund).findOne<RefundRecord>({ requestKey: `${input.checkoutId}:${input.requestKey}` });
    if (earlier) return advanceRefund(deps, earlier);
  }
  const checkout = await loadCheckout(deps, input.checkoutId);
  if (!checkout) throw notFound('checkout_not_found');
  if (checkout.state !== 'completed') throw conflict('checkout_not_completed', { state: checkout.state });
  if (checkout.refundInProgress) throw conflict('refund_in_progress');
  const now = deps.clock.now();
  if (checkout.refundedFen + input.refundFen > checkout.selfPaidFen) throw badRequest('refund_exceeds_paid_amount', { refundableFen: checkout.selfPaidFen - checkout.refundedFen });
  if (checkout.paidAt && now.getTime() - checkout.paidAt.getTime() > refundWindowMs) throw badRequest('refund_window_passed');
  const cashChannel = checkout.paymentMethod === 'wechat' ? 'wechat' : checkout.paymentMethod === 'counter' ? 'counter' : 'none';
  if (cashChannel === 'wechat' && checkout.refundCount >= refundsPerOrderMax) throw badRequest('refund_count_limit_reached');

  const restoredPoints = checkout.capturedPoints > 0 ? proportionalRestore(checkout.capturedPoints, input.refundFen, checkout.selfPaidFen, checkout.refundedFen) : 0;
  const restoredValueFen = restoredPoints * checkout.valueFenPerPoint;
  const cashPaidFen = checkout.wechatPaidFen + checkout.counterPaidFen;
  const cashFen = Math.max(0, Math.min(input.refundFen - restoredValueFen, cashPaidFen - checkout.cashRefundedFen));
  const refundId = `rf${randomBytes(12).toString('hex')}`;
  try {
    await deps.models.Refund.create({
      _id: refundId,
      checkoutId: checkout._id,
      pharmacyId: checkout.pharmacyId,
      requestKey: `${checkout._id}:${input.requestKey ?? refundId}`,
      refundFen: input.refundFen,
      restoredPoints,
      restoredValueFen,
      cashFen,
      cashChannel: cashFen > 0 ? cashChannel : 'none',
      reason: input.reason ?? null,
      state: 'reserved',
      stateChangedAt: now,
      requestedByAccountId: input.cashier.accountId,
      createdAt: now,
    });
  } catch (err) {
    if (isDuplicateKeyError(err) && input.requestKey) return refundRequester(deps, input);
    throw err;
  }
  // Take the checkout's refund lock against the very totals the split was computed from.
  const { modifiedCount } = await deps.models.Checkout.updateOne(
    { _id: checkout._id, state: 'completed', refundInProgress: null, refundedFen: checkout.refundedFen, cashRefundedFen: checkout.cashRefundedFen },
    { $set: { refundInProgress: refundId } },
  );
  if (modifiedCount !== 1) {
    await deps.models.Refund.deleteOne({ _id: refundId, state: 'reserved' });
    throw conflict('refund_in_progress');
  }
  const refund = await loadRefund(deps, refundId);
  return advanceRefund(deps, refund!);
}

/** Moves a refund as far as it can go now; replayable from any state (the sweeper calls it). */
export async function advanceRefund(deps: AppDeps, start: RefundRecord): Promise<RefundRecord> {
  let refund: RefundRecord | null = start;
  const checkout = await loadCheckout(deps, start.checkoutId);
  if (!checkout) throw new Error(`refund ${start._id} without checkout`);
  if (refund.state === 'reserved') {
    const reserved: RefundRecord = refund;
    if (refund.cashChannel === 'wechat') {
      try {
        const accepted = await deps.wechat.pay.createRefund({
          outTradeNo: checkout.wechat?.outTradeNo ?? checkout._id,
          outRefundNo: refund._id,
          refundFen: refund.cashFen,
          totalFen: checkout.wechatPaidFen,
          ...(refund.reason ? { reason: refund.reason } : {}),
        });
        const status = refund.wechatStatus === 'SUCCESS' ? 'SUCCESS' : accepted.status;
        refund = (await moveRefund(deps, refund._id, 'reserved', 'provider_accepted', { wechatStatus: status, wechatRefundId: accepted.refundId })) ?? (await loadRefund(deps, refund._id));
      } catch (err) {
        if (err instanceof WechatPayTransportError) return reserved; // unknown outcome: retried with the same out_refund_no
        if (err instanceof WechatPayError && err.status < 500) {
          await moveRefund(deps, reserved._id, 'reserved', 'failed', { failure: `${err.code}: ${err.message}` });
          await deps.models.Checkout.updateOne({ _id: checkout._id, refundInProgress: reserved._id }, { $set: { refundInProgress: null } });
          throw new AppError('refund_rejected_by_wechat_pay', 502, { wechatCode: err.code, wechatMessage: err.message });
        }
        return reserved;
      }
    } else {
      refund = (await moveRefund(deps, refund._id, 'reserved', 'provider_accepted')) ?? (await loadRefund(deps, refund._id));
    }
  }
  if (refund?.state === 'provider_accepted') {
    if (refund.restoredPoints > 0) {
      const reversed = effective(
        await pointsReverser(deps, { reversalId: refund._id, holdId: checkout._id, residentId: String(checkout.residentId), refundFen: refund.refundFen, paidTotalFen: checkout.selfPaidFen, actor: refund.requestedByAccountId }),
      );
      if (reversed.result !== 'reversed') throw new Error(`points reversal for refund ${refund._id} answered ${reversed.result}`);
      if (reversed.restoredPoints !== refund.restoredPoints) deps.logger.error({ refundId: refund._id, ledger: reversed.restoredPoints, planned: refund.restoredPoints }, 'restored points differ from the planned split');
    }
    // Totals and the lock move together; a replay finds the lock gone and does not add twice.
    await deps.models.Checkout.updateOne(
      { _id: checkout._id, refundInProgress: refund._id },
      {
        $inc: { refundedFen: refund.refundFen, refundedPoints: refund.restoredPoints, cashRefundedFen: refund.cashFen, refundCount: refund.cashChannel === 'wechat' ? 1 : 0 },
        $set: { refundInProgress: null },
      },
    );
    refund = (await moveRefund(deps, refund._id, 'provider_accepted', 'points_restored', { pointsRestoredAt: deps.clock.now() })) ?? (await loadRefund(deps, refund._id));
  }
  if (refund?.state === 'points_restored') {
    let status = refund.wechatStatus;
    if (refund.cashChannel === 'wechat' && status !== 'SUCCESS') {
      status = await deps.wechat.pay.queryRefund(refund._id).then((r) => r.status, () => status);
      if (status !== refund.wechatStatus) await deps.models.Refund.updateOne({ _id: refund._id }, { $set: { wechatStatus: status } });
    }
    if (refund.cashChannel !== 'wechat' || status === 'SUCCESS') {
      refund = (await moveRefund(deps, refund._id, 'points_restored', 'succeeded', { succeededAt: deps.clock.now(), wechatStatus: status })) ?? (await loadRefund(deps, refund._id));
    }
  }
  return refund ?? start;
}

/** REFUND.SUCCESS from WeChat Pay (callback or query): recorded, then the refund is moved on. */
export async function wechatRefundConfirmer(deps: AppDeps, input: { outRefundNo: string; status: string }): Promise<'recorded' | 'unknown_refund' | 'already_succeeded'> {
  const refund = await loadRefund(deps, input.outRefundNo);
  if (!refund) return 'unknown_refund';
  if (refund.state === 'succeeded') return 'already_succeeded';
  await deps.models.Refund.updateOne({ _id: refund._id }, { $set: { wechatStatus: input.status } });
  if (refund.state === 'points_restored' && input.status === 'SUCCESS') {
    await moveRefund(deps, refund._id, 'points_restored', 'succeeded', { succeededAt: deps.clock.now() });
  }
  return 'recorded';
}

export async function refundsOfCheckout(deps: AppDeps, checkoutId: string): Promise<RefundRecord[]> {
  return collectionOf<RefundRecord>(deps.models.Refund).find<RefundRecord>({ checkoutId }).sort({ createdAt: 1 }).toArray();
}
