/**
 * WeChat Pay callbacks (POST /api/payments/wechat/notify), handled like Medusa's webhooks:
 * 1. verify the signature over the RAW body with the configured WeChat Pay public key id
 *    (serial), rejecting a timestamp more than 300 s away (wall clock: the window is about the
 *    network message, not business time);
 * 2. decrypt the resource with the APIv3 key, the GCM tag checked;
 * 3. store it, unique by WeChat's notification id (a duplicate delivery stores nothing new);
 * 4. answer 204 at once; process after answering (and a sweeper processes anything left behind).
 * Processing is idempotent: the checkout and refund state machines decide once, amounts must match.
 */
import { z } from 'zod';
import { collectionOf } from '../db/collectionOf';
import type { AppDeps } from '../deps';
import { AppError } from '../http/errors';
import { isDuplicateKeyError } from '../identity/codes';
import { wechatPaymentConfirmer } from '../checkout/checkouts';
import { wechatRefundConfirmer } from '../checkout/refunds';
import { decryptNotificationResource, verifyWechatPaySignature, type HeaderSource } from '../wechat/payCrypto';

/**
 * The fields of a decrypted transaction or refund resource this service reads or keeps (WeChat Pay
 * APIv3 支付通知 / 退款结果通知). Everything else is dropped before storing, so a key like `$where`
 * inside the resource never reaches the database; a field of the wrong type is kept as absent.
 */
const text = z.string().max(256).optional().catch(undefined);
const fen = z.number().int().optional().catch(undefined);
const notificationResource = z.object({
  appid: text,
  mchid: text,
  out_trade_no: text,
  transaction_id: text,
  trade_type: text,
  trade_state: text,
  trade_state_desc: text,
  bank_type: text,
  success_time: text,
  out_refund_no: text,
  refund_id: text,
  refund_status: text,
  user_received_account: text,
  payer: z.object({ openid: text }).optional().catch(undefined),
  amount: z.object({ total: fen, payer_total: fen, refund: fen, payer_refund: fen, currency: text, payer_currency: text }).optional().catch(undefined),
});

interface CallbackBody {
  id?: unknown;
  event_type?: unknown;
  resource?: { ciphertext?: unknown; nonce?: unknown; associated_data?: unknown };
}

const keptHeaders = ['wechatpay-timestamp', 'wechatpay-nonce', 'wechatpay-signature', 'wechatpay-serial'];

export async function notificationReceiver(deps: AppDeps, input: { headers: HeaderSource; rawBody: Buffer }): Promise<{ notificationId: string; duplicate: boolean }> {
  const { wechatPay } = deps.config;
  const check = verifyWechatPaySignature({ headers: input.headers, rawBody: input.rawBody, publicKeyPem: wechatPay.publicKeyPem, publicKeyId: wechatPay.publicKeyId, now: new Date() });
  if (check !== 'ok') throw new AppError('wechat_pay_notification_rejected', 400, { check });
  let body: CallbackBody;
  try {
    body = JSON.parse(input.rawBody.toString('utf8')) as CallbackBody;
  } catch {
    throw new AppError('wechat_pay_notification_undecryptable', 400, { check: 'body_not_json' });
  }
  const r = body.resource;
  if (typeof body.id !== 'string' || typeof body.event_type !== 'string' || !r || typeof r.ciphertext !== 'string' || typeof r.nonce !== 'string' || typeof r.associated_data !== 'string') {
    throw new AppError('wechat_pay_notification_undecryptable', 400, { check: 'body_malformed' });
  }
  const decrypted = decryptNotificationResource({ ciphertext: r.ciphertext, nonce: r.nonce, associatedData: r.associated_data, apiV3Key: wechatPay.apiV3Key });
  if (decrypted.result !== 'ok') throw new AppError('wechat_pay_notification_undecryptable', 400, { check: decrypted.result });
  let plaintext: unknown;
  try {
    plaintext = JSON.parse(decrypted.plaintext);
  } catch {
    throw new AppError('wechat_pay_notification_undecryptable', 400, { check: 'resource_not_json' });
  }
  const parsed = notificationResource.safeParse(plaintext);
  if (!parsed.success) throw new AppError('wechat_pay_notification_undecryptable', 400, { check: 'resource_not_an_object' });
  const resource = parsed.data;
  const headers = Object.fromEntries(keptHeaders.map((name) => [name, headerValue(input.headers, name) ?? null]));
  try {
    await deps.models.PaymentNotification.create({
      _id: body.id,
      eventType: body.event_type,
      rawBody: input.rawBody.toString('utf8'),
      headers,
      resource,
      receivedAt: deps.clock.now(),
      state: 'received',
    });
    return { notificationId: body.id, duplicate: false };
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    await deps.models.PaymentNotification.updateOne({ _id: body.id }, { $inc: { deliveries: 1 } });
    return { notificationId: body.id, duplicate: true };
  }
}

function headerValue(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

interface StoredNotification {
  _id: string;
  eventType: string;
  resource: Record<string, unknown>;
  state: string;
  attempts: number;
  receivedAt: Date;
}

/** A refund callback may come before we know the refund (a crash, or WeChat's ordering): retried for a day. */
export const deferredForMs = 24 * 3_600_000;

/** Processes one stored notification; safe to run any number of times, by anyone. */
export async function notificationProcessor(deps: AppDeps, notificationId: string): Promise<string> {
  const n = await collectionOf<StoredNotification>(deps.models.PaymentNotification).findOne<StoredNotification>({ _id: notificationId });
  if (!n || (n.state !== 'received' && n.state !== 'deferred')) return n?.state ?? 'missing';
  const { state, outcome } = await decide(deps, n);
  await deps.models.PaymentNotification.updateOne(
    { _id: n._id, state: n.state },
    { $set: { state, outcome, processedAt: deps.clock.now() }, $inc: { attempts: 1 } },
  );
  return state;
}

async function decide(deps: AppDeps, n: StoredNotification): Promise<{ state: string; outcome: string }> {
  const res = n.resource;
  if (n.eventType === 'TRANSACTION.SUCCESS') {
    const amount = res.amount as { total?: unknown } | undefined;
    if (res.trade_state !== 'SUCCESS' || typeof res.out_trade_no !== 'string' || typeof res.transaction_id !== 'string' || typeof amount?.total !== 'number') {
      return { state: 'ignored', outcome: `trade_state_${String(res.trade_state)}` };
    }
    if (res.mchid !== undefined && res.mchid !== deps.config.wechatPay.mchId) return { state: 'rejected', outcome: 'mchid_mismatch' };
    const outcome = await wechatPaymentConfirmer(deps, { outTradeNo: res.out_trade_no, transactionId: res.transaction_id, amountFen: amount.total, source: 'notification' });
    if (outcome === 'amount_mismatch' || outcome === 'paid_after_cancel' || outcome === 'second_transaction') return { state: 'rejected', outcome };
    return { state: outcome === 'unknown_order' ? 'ignored' : 'processed', outcome };
  }
  if (n.eventType.startsWith('REFUND.')) {
    if (typeof res.out_refund_no !== 'string') return { state: 'ignored', outcome: 'refund_malformed' };
    const status = typeof res.refund_status === 'string' ? res.refund_status : n.eventType.slice('REFUND.'.length);
    const outcome = await wechatRefundConfirmer(deps, { outRefundNo: res.out_refund_no, status });
    if (outcome === 'unknown_refund') {
      const tooOld = deps.clock.now().getTime() - n.receivedAt.getTime() > deferredForMs;
      return { state: tooOld ? 'ignored' : 'deferred', outcome };
    }
    return { state: 'processed', outcome };
  }
  return { state: 'ignored', outcome: `event_${n.eventType}` };
}
