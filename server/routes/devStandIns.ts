import { z } from 'zod';
import type { AppDeps } from '../deps';
import { AppError } from '../http/errors';
import { defineRoute } from '../http/route';

/**
 * H5 development stand-ins for WeChat-only client APIs (wx.login, requestPayment,
 * requestSubscribeMessage). They forward to the simulators' control endpoints and are mounted only
 * when SIMULATORS=1, which configuration refuses in production.
 */
async function callSimulator(baseUrl: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  }).catch(() => undefined);
  if (!response?.ok) throw new AppError('wechat_unavailable', 502);
  return (await response.json()) as Record<string, unknown>;
}

const apiBase = (deps: AppDeps) => deps.config.wechat.apiBaseUrl;

export const devStandInRoutes = [
  defineRoute({
    operationId: 'dev.wechatLoginCode',
    method: 'post',
    path: '/api/dev/wechat/login-code',
    summary: '（仅开发）模拟 wx.login，返回一次性 code',
    tags: ['dev'],
    auth: 'public',
    body: z.object({ openidHint: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).optional() }),
    response: z.object({ code: z.string() }),
    handler: async ({ body, deps }) => {
      const minted = await callSimulator(apiBase(deps), '/__sim/login-code', { name: body.openidHint ?? 'h5-guest' });
      return { code: String(minted.code) };
    },
  }),
];
