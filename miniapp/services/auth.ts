import { platform } from '../platform';
import { ApiError } from './apiError';
import { api } from './http';
import { clearSession, saveSession } from './session';

/** View models the pages get; they never see the raw responses. */
export interface SignedInAccount {
  accountId: string;
  roles: string[];
}

interface WechatLoginResponse {
  token: string;
  expiresAt: string;
  account: { id: string; roles: string[] };
}

interface MeResponse {
  accountId: string;
  roles: string[];
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function unexpected(): ApiError {
  return new ApiError({ code: 'unexpected_response', status: 200 });
}

export function readWechatLoginResponse(value: unknown): WechatLoginResponse {
  const data = value as Partial<WechatLoginResponse> | null;
  const account = data?.account as Partial<WechatLoginResponse['account']> | undefined;
  if (
    typeof data?.token !== 'string' ||
    data.token === '' ||
    typeof data.expiresAt !== 'string' ||
    typeof account?.id !== 'string' ||
    !isStringArray(account.roles)
  ) {
    throw unexpected();
  }
  return { token: data.token, expiresAt: data.expiresAt, account: { id: account.id, roles: account.roles } };
}

/** WeChat login: a one-time code from the platform layer, exchanged by the service for our own session. */
export async function loginWithWechat(): Promise<SignedInAccount> {
  const code = await platform.login();
  // Not retried: the code is single use, a repeat would only get wechat_code_used.
  const raw = await api.post<unknown>('/api/auth/wechat-login', { code }, { authenticated: false, redirectOnSessionError: false });
  const login = readWechatLoginResponse(raw);
  saveSession({ token: login.token, expiresAt: login.expiresAt, accountId: login.account.id, roles: login.account.roles });
  return { accountId: login.account.id, roles: login.account.roles };
}

export async function fetchMe(): Promise<SignedInAccount> {
  const data = await api.get<Partial<MeResponse> | null>('/api/me');
  if (typeof data?.accountId !== 'string' || !isStringArray(data.roles)) throw unexpected();
  return { accountId: data.accountId, roles: data.roles };
}

/** Ends the session on this device. (The service-side revocation call comes with its endpoint.) */
export function logout(): void {
  clearSession();
}
