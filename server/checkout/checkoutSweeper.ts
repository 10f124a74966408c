/**
 * The recovery and timeout job for checkouts, refunds and stored callbacks. Every step is one of the
 * idempotent advance* functions, so running it alongside live traffic, twice, or after a crash at
 * any point finishes or undoes exactly what was left:
 * - awaiting_confirmation past its deadline → cancelled;
 * - holding / capturing / cancelling older than the grace period → replayed (hold, capture, release);
 * - awaiting_payment: the WeChat order is queried (a missing callback is resolved here): paid →
 *   captured; failed or closed → cancelled; unpaid after 15 minutes → order closed, hold released;
 * - refunds not finished → advanced (same out_refund_no); callbacks left received/deferred → processed.
 */
import type { AppDeps } from '../deps';
import { notificationProcessor } from '../payments/notifications';
import { WechatPayError } from '../wechat/payClient';
import { advanceCancelling, advanceCapturing, advanceHolding, checkoutCanceller, wechatPaymentConfirmer } from './checkouts';
import type { CheckoutRecord } from './checkoutStates';
import { advanceRefund, type RefundRecord } from './refunds';

export interface SweepReport {
  confirmationTimeouts: number;
  holdsReplayed: number;
  paymentsConfirmedByQuery: number;
  paymentsFailed: number;
  paymentTimeouts: number;
  capturesReplayed: number;
  cancelsReplayed: number;
  refundsAdvanced: number;
  notificationsProcessed: number;
  errors: string[];
}

export async function checkoutSweeper(deps: AppDeps, options: { graceMs?: number; limit?: number } = {}): Promise<SweepReport> {
  const now = deps.clock.now();
  const graceMs = options.graceMs ?? 30_000;
  const limit = options.limit ?? 200;
  const stale = new Date(now.getTime() - graceMs);
  const report: SweepReport = {
    confirmationTimeouts: 0,
    holdsReplayed: 0,
    paymentsConfirmedByQuery: 0,
    paymentsFailed: 0,
    paymentTimeouts: 0,
    capturesReplayed: 0,
    cancelsReplayed: 0,
    refundsAdvanced: 0,
    notificationsProcessed: 0,
    errors: [],
  };
  const find = (filter: Record<string, unknown>) => deps.models.Checkout.collection.find<CheckoutRecord>(filter).sort({ stateChangedAt: 1 }).limit(limit).toArray();
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      report.errors.push(`${what}: ${String(err instanceof Error ? err.message : err)}`);
    }
  };

  for (const c of await find({ state: 'awaiting_confirmation', confirmDeadline: { $lte: now } })) {
    await attempt(c._id, async () => {
      const after = await checkoutCanceller(deps, { checkoutId: c._id, reason: 'confirmation_timeout', by: 'system' });
      if (after.state === 'cancelled') report.confirmationTimeouts += 1;
    });
  }
  for (const c of await find({ state: 'holding', stateChangedAt: { $lte: stale } })) {
    await attempt(c._id, async () => {
      await advanceHolding(deps, c);
      report.holdsReplayed += 1;
    });
  }
  for (const c of await find({ state: 'awaiting_payment' })) {
    await attempt(c._id, () => settleAwaitingPayment(deps, c, now, report));
  }
  for (const c of await find({ state: 'capturing', problem: null, stateChangedAt: { $lte: stale } })) {
    await attempt(c._id, async () => {
      await advanceCapturing(deps, c);
      report.capturesReplayed += 1;
    });
  }
  for (const c of await find({ state: 'cancelling', problem: null, stateChangedAt: { $lte: stale } })) {
    await attempt(c._id, async () => {
      await advanceCancelling(deps, c);
      report.cancelsReplayed += 1;
    });
  }
  const refunds = await deps.models.Refund.collection
    .find<RefundRecord>({ state: { $in: ['reserved', 'provider_accepted', 'points_restored'] }, stateChangedAt: { $lte: stale } })
    .limit(limit)
    .toArray();
  for (const r of refunds) {
    await attempt(r._id, async () => {
      const after = await advanceRefund(deps, r);
      if (after.state !== r.state) report.refundsAdvanced += 1;
    });
  }
  const notifications = await deps.models.PaymentNotification.find({ state: { $in: ['received', 'deferred'] }, receivedAt: { $lte: new Date(now.getTime() - Math.min(graceMs, 5_000)) } }, { _id: 1 })
    .limit(limit)
    .lean();
  for (const n of notifications) {
    await attempt(String(n._id), async () => {
      const state = await notificationProcessor(deps, String(n._id));
      if (state !== 'deferred') report.notificationsProcessed += 1;
    });
  }
  if (report.errors.length > 0) deps.logger.warn({ errors: report.errors }, 'checkout sweep left work for the next run');
  return report;
}

async function settleAwaitingPayment(deps: AppDeps, c: CheckoutRecord, now: Date, report: SweepReport): Promise<void> {
  const overdue = c.paymentDeadline !== null && c.paymentDeadline.getTime() <= now.getTime();
  if (c.wechat) {
    try {
      const tx = await deps.wechat.pay.queryOrderByOutTradeNo(c.wechat.outTradeNo);
      if ((tx.tradeState === 'SUCCESS' || tx.tradeState === 'REFUND') && tx.transactionId) {
        const outcome = await wechatPaymentConfirmer(deps, { outTradeNo: tx.outTradeNo, transactionId: tx.transactionId, amountFen: tx.totalFen, source: 'query' });
        if (outcome === 'captured') report.paymentsConfirmedByQuery += 1;
        return;
      }
      if (tx.tradeState === 'PAYERROR' || tx.tradeState === 'CLOSED' || tx.tradeState === 'REVOKED') {
        await checkoutCanceller(deps, { checkoutId: c._id, reason: 'payment_failed', by: 'system' });
        report.paymentsFailed += 1;
        return;
      }
    } catch (err) {
      // ORDER_NOT_EXIST: creation never reached WeChat Pay; only the deadline decides then.
      if (!(err instanceof WechatPayError && err.code === 'ORDER_NOT_EXIST')) throw err;
    }
  }
  if (overdue) {
    await checkoutCanceller(deps, { checkoutId: c._id, reason: 'payment_timeout', by: 'system' });
    report.paymentTimeouts += 1;
  }
}
