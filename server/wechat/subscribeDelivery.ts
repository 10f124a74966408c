import type { mongo } from 'mongoose';
import type { AppDeps } from '../deps';

/**
 * Sends one WeChat subscribe message at most once for a document that carries the delivery state
 * machine (reminders, care notices): `sendState`, `sendAttempts`, `lastErrcode`, `sentAt`.
 *
 *   pending|retry ─claim─▶ sending ─▶ sent | not_subscribed (43101) | failed | retry
 *
 * The claim is one conditional update, so of two runners only one sends. A run that finds
 * `sending` knows an earlier run died between claiming and recording: whether WeChat got it is
 * unknown, and the message is not sent again (`unknown`) — never twice matters more than always.
 * The caller decides what a `failed` or `retry` outcome means for its job.
 */
export const subscribeSendStates = ['none', 'pending', 'sending', 'retry', 'sent', 'not_subscribed', 'failed', 'no_account', 'unknown'] as const;
export type SubscribeSendState = (typeof subscribeSendStates)[number];

/** Errcodes that cannot get better by retrying: bad openid, bad template id, bad data. */
const permanentErrcodes = new Set([40003, 40037, 47003]);

export interface SubscribeMessage {
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

export interface DeliveryOutcome {
  outcome: SubscribeSendState;
  errcode?: number | null;
}

export async function subscribeMessageDeliverer(
  deps: Pick<AppDeps, 'wechat' | 'clock'>,
  collection: mongo.Collection,
  filter: Record<string, unknown>,
  openid: string | null,
  message: SubscribeMessage,
): Promise<DeliveryOutcome> {
  if (!openid) {
    await collection.updateOne({ ...filter, sendState: { $in: ['pending', 'retry'] } }, { $set: { sendState: 'no_account' } });
    return { outcome: 'no_account' };
  }
  const claimed = await collection.findOneAndUpdate({ ...filter, sendState: { $in: ['pending', 'retry'] } }, { $set: { sendState: 'sending' }, $inc: { sendAttempts: 1 } }, { returnDocument: 'after' });
  if (!claimed) {
    const current = await collection.findOne(filter, { projection: { sendState: 1 } });
    if (current?.sendState === 'sending') {
      await collection.updateOne({ ...filter, sendState: 'sending' }, { $set: { sendState: 'unknown' } });
      return { outcome: 'unknown' };
    }
    return { outcome: (current?.sendState ?? 'unknown') as SubscribeSendState };
  }

  const sent = await deps.wechat.miniProgram
    .sendSubscribeMessage({ openid, templateId: message.templateId, page: message.page, data: message.data })
    .catch(() => ({ outcome: 'retryable' as const, errcode: null }));
  // The final states are written whatever a concurrent run wrote meanwhile (`unknown`): this run knows.
  if (sent.outcome === 'sent') {
    await collection.updateOne(filter, { $set: { sendState: 'sent', sentAt: deps.clock.now(), lastErrcode: null } });
    return { outcome: 'sent' };
  }
  if (sent.outcome === 'not_subscribed') {
    await collection.updateOne(filter, { $set: { sendState: 'not_subscribed', lastErrcode: 43101 } });
    return { outcome: 'not_subscribed', errcode: 43101 };
  }
  const errcode = 'errcode' in sent ? (sent.errcode ?? null) : null;
  if (errcode !== null && permanentErrcodes.has(errcode)) {
    await collection.updateOne(filter, { $set: { sendState: 'failed', lastErrcode: errcode } });
    return { outcome: 'failed', errcode };
  }
  await collection.updateOne({ ...filter, sendState: 'sending' }, { $set: { sendState: 'retry', lastErrcode: errcode } });
  return { outcome: 'retry', errcode };
}

/** The openid of an active account, or null (no account, or a withdrawn one). */
export async function activeOpenidOf(deps: Pick<AppDeps, 'models'>, accountId: unknown): Promise<string | null> {
  if (!accountId) return null;
  const account = await deps.models.Account.findOne({ _id: accountId, status: 'active' }, { openid: 1 }).lean();
  return account?.openid ?? null;
}
