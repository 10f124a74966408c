import { meView, wechatLoginView } from '../../shared/api/auth';
import { platform } from '../platform';
import { parsed } from './apiSchema';
import { api } from './http';
import { clearSession, saveSession } from './session';

/** View models the pages get; they never see the raw responses. */
export interface SignedInAccount {
  accountId: string;
  roles: string[];
}

/** WeChat login: a one-time code from the platform layer, exchanged by the service for our own session. */
export async function loginWithWechat(): Promise<SignedInAccount> {
  const code = await platform.login();
  // Not retried: the code is single use, a repeat would only get wechat_code_used.
  const login = await parsed(wechatLoginView, api.post('/api/auth/wechat-login', { code }, { authenticated: false, redirectOnSessionError: false }));
  saveSession({ token: login.token, expiresAt: login.expiresAt, accountId: login.account.id, roles: login.account.roles });
  return { accountId: login.account.id, roles: login.account.roles };
}

export async function fetchMe(): Promise<SignedInAccount> {
  const me = await parsed(meView, api.get('/api/me'));
  return { accountId: me.accountId, roles: me.roles };
}

/** Ends the session on this device. (The service-side revocation call comes with its endpoint.) */
export function logout(): void {
  clearSession();
}
