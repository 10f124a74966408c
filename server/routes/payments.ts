import { z } from 'zod';
import { defineRoute } from '../http/route';
import { notificationProcessor, notificationReceiver } from '../payments/notifications';

/**
 * WeChat Pay's notify_url. Public (WeChat Pay calls it) and raw (verified over the exact bytes);
 * answered as soon as the notification is stored, processed right after the answer.
 */
export const paymentRoutes = [
  defineRoute({
    operationId: 'payments.wechatNotify',
    method: 'post',
    path: '/api/payments/wechat/notify',
    summary: '微信支付回调：验签（原始报文、300 秒时间窗、公钥 ID）、解密（校验 GCM 标签）、存储、立即应答、随后幂等处理',
    tags: ['payments'],
    auth: 'public',
    bodyKind: 'raw',
    bodyLimitBytes: 64 * 1024,
    response: z.object({ code: z.literal('SUCCESS'), message: z.string() }),
    errors: ['wechat_pay_notification_rejected', 'wechat_pay_notification_undecryptable'],
    handler: async ({ ctx, deps }) => {
      const { notificationId, duplicate } = await notificationReceiver(deps, { headers: ctx.req.headers, rawBody: ctx.state.rawBody ?? Buffer.alloc(0) });
      // After the answer: the response does not wait for the ledger. A failure here is retried by the sweeper.
      setImmediate(() => {
        notificationProcessor(deps, notificationId).catch((err: unknown) => deps.logger.warn({ err, notificationId }, 'notification processing deferred to the sweeper'));
      });
      return { code: 'SUCCESS' as const, message: duplicate ? '重复通知' : '成功' };
    },
  }),
];
