import type { AppDeps } from '../deps';
import { sessionCreator } from './sessions';

/**
 * Exchanges a wx.login code for our own session. The WeChat session_key stays inside the
 * mini-program client: nothing here stores, returns or logs it.
 */
export async function loginWithWechat(deps: AppDeps, input: { code: string; userAgent: string }) {
  const { openid, unionid } = await deps.wechat.miniProgram.code2Session(input.code);
  const now = deps.clock.now();
  const account = await deps.models.Account.findOneAndUpdate(
    { openid },
    { $set: { lastLoginAt: now, ...(unionid ? { unionid } : {}) }, $setOnInsert: { openid, roles: [], status: 'active' } },
    { upsert: true, returnDocument: 'after', lean: true },
  );
  if (!account) throw new Error('account upsert returned nothing');
  // An account deactivated by withdrawing consent starts over when its owner logs in again: no
  // binding, no consent (the latest decisions are "withdrawn"), so the consent pages come first.
  if (account.status === 'deactivated') {
    await deps.models.Account.updateOne({ _id: account._id, status: 'deactivated' }, { $set: { status: 'active', deactivatedAt: null } });
  }
  const session = await sessionCreator(deps, { accountId: account._id, userAgent: input.userAgent });
  return { ...session, account: { id: String(account._id), roles: account.roles ?? [] } };
}
