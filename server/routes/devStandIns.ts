import { z } from 'zod';
import { checkoutIdByPrepayId } from '../checkout/checkoutReader';
import type { AppDeps } from '../deps';
import { accountOpenidOf } from '../identity/accountReader';
import { AppError } from '../http/errors';
import { defineRoute, type AnyRoute } from '../http/route';

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

export const devStandInRoutes: AnyRoute[] = [
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
  defineRoute({
    operationId: 'dev.wechatSubscriptions',
    method: 'post',
    path: '/api/dev/wechat/subscriptions',
    summary: '（仅开发）模拟 requestSubscribeMessage：为当前账号授予一次性订阅',
    tags: ['dev'],
    auth: 'session',
    body: z.object({ templateIds: z.array(z.string().min(1).max(64)).min(1).max(3) }),
    response: z.object({ results: z.record(z.string(), z.literal('accept')) }),
    handler: async ({ body, ctx, deps }) => {
      const actor = ctx.state.actor;
      const openid = actor?.kind === 'account' ? await accountOpenidOf(deps, actor.accountId) : null;
      if (!openid) throw new AppError('session_required', 401);
      for (const templateId of body.templateIds) {
        await callSimulator(apiBase(deps), '/__sim/subscriptions', { openid, templateId });
      }
      return { results: Object.fromEntries(body.templateIds.map((id) => [id, 'accept' as const])) };
    },
  }),
  defineRoute({
    operationId: 'dev.wechatPayConfirm',
    method: 'post',
    path: '/api/dev/wechat/pay/confirm',
    summary: '（仅开发）模拟 requestPayment：在模拟器中完成该 prepay_id 的支付（回调照常送达）',
    tags: ['dev'],
    auth: 'session',
    body: z.object({ package: z.string().regex(/^prepay_id=[A-Za-z0-9_-]{1,64}$/), notification: z.enum(['normal', 'twice', 'delayed', 'never', 'refund_first']).optional() }),
    response: z.object({ checkoutId: z.string(), transactionId: z.string() }),
    handler: async ({ body, ctx, deps }) => {
      if (ctx.state.actor?.kind !== 'account') throw new AppError('session_required', 401);
      const prepayId = body.package.slice('prepay_id='.length);
      const checkoutId = await checkoutIdByPrepayId(deps, prepayId);
      if (!checkoutId) throw new AppError('checkout_not_found', 404);
      const paid = await callSimulator(deps.config.wechatPay.baseUrl, `/__sim/pay/orders/${encodeURIComponent(checkoutId)}/succeed`, { notification: body.notification ?? 'normal' });
      return { checkoutId, transactionId: String(paid.transaction_id) };
    },
  }),
];
