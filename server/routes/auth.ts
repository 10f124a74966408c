import { z } from 'zod';
import { meView, wechatLoginView } from '../../shared/api/auth';
import { loginWithWechat } from '../auth/wechatLogin';
import { defineRoute } from '../http/route';

export const authRoutes = [
  defineRoute({
    operationId: 'auth.wechatLogin',
    method: 'post',
    path: '/api/auth/wechat-login',
    summary: '微信登录：用 wx.login 的 code 换取会话',
    tags: ['auth'],
    auth: 'public',
    body: z.object({ code: z.string().min(1).max(128) }),
    response: wechatLoginView,
    errors: ['wechat_code_invalid', 'wechat_code_used', 'wechat_unavailable', 'validation_failed'],
    handler: async ({ body, ctx, deps }) => {
      const session = await loginWithWechat(deps, { code: body.code, userAgent: ctx.get('user-agent') });
      return { token: session.token, expiresAt: session.expiresAt.toISOString(), account: session.account };
    },
  }),
  defineRoute({
    operationId: 'auth.me',
    method: 'get',
    path: '/api/me',
    summary: '当前登录账号',
    tags: ['auth'],
    auth: 'session',
    response: meView,
    handler: async ({ ctx }) => {
      const actor = ctx.state.actor;
      if (actor?.kind !== 'account') throw new Error('session route without an account actor');
      return { accountId: actor.accountId, roles: actor.roles };
    },
  }),
];
