import { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import { isDuplicateKeyError } from './codes';

/**
 * Tells a resident what a proxy did for them (the checkout issue calls this for every redemption a
 * proxy makes): always an in-app notice, plus a WeChat subscribe message when the resident has
 * granted one. `eventKey` (e.g. `proxy-redemption:<checkoutId>`) makes it idempotent: the same
 * event never gives a second notice or a second message.
 */
export interface ProxyActionNotice {
  eventKey: string;
  residentId: string;
  proxyLinkId: string;
  kind: 'proxy.redemption' | 'proxy.action';
  /** Shown in the notice list, e.g. "家属代您抵扣了 120 积分". */
  title: string;
  body: string;
}

export async function notifyResidentOfProxyAction(deps: AppDeps, notice: ProxyActionNotice) {
  const now = deps.clock.now();
  let created;
  try {
    created = await deps.models.Notice.create({
      eventKey: notice.eventKey,
      residentId: new Types.ObjectId(notice.residentId),
      kind: notice.kind,
      title: notice.title,
      body: notice.body,
      createdAt: now,
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    return { noticeId: String((await deps.models.Notice.findOne({ eventKey: notice.eventKey }).lean())?._id), duplicate: true };
  }
  const resident = await deps.models.Resident.findById(notice.residentId).lean();
  const account = resident?.accountId ? await deps.models.Account.findOne({ _id: resident.accountId, status: 'active' }).lean() : null;
  if (account) {
    const outcome = await deps.wechat.miniProgram
      .sendSubscribeMessage({
        openid: account.openid,
        templateId: deps.config.identity.proxyActionTemplateId,
        page: 'pages/notices/index',
        data: { thing1: { value: notice.title.slice(0, 20) }, time2: { value: shanghaiMinute(now) } },
      })
      .catch(() => ({ outcome: 'retryable' as const, errcode: null }));
    const subscribeMessage = outcome.outcome === 'sent' ? 'sent' : outcome.outcome === 'not_subscribed' ? 'not_subscribed' : 'failed';
    await deps.models.Notice.updateOne({ _id: created._id }, { $set: { subscribeMessage } });
  }
  return { noticeId: String(created._id), duplicate: false };
}

function shanghaiMinute(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
