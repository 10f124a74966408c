import { z } from 'zod';
import { authorize, authorizeForResident, requireAccountActor } from '../authz/authorize';
import type { PharmacyAction } from '../authz/can';
import type { AppDeps } from '../deps';
import { checkoutCanceller, checkoutConfirmer, checkoutCreator, counterPaymentRecorder, residentCheckout, wechatPaymentStarter } from '../checkout/checkouts';
import { isPendingCheckout, pharmacyCheckouts, residentCheckouts } from '../checkout/checkoutReader';
import { loadCheckout, type CheckoutRecord } from '../checkout/checkoutStates';
import { accountOpenidOf } from '../identity/accountReader';
import { pharmacyNameOf } from '../pharmacies/pharmacyReader';
import { presentCheckout, presentRefund } from '../checkout/presenters';
import { refundRequester, refundsOfCheckout } from '../checkout/refunds';
import { AppError, notFound } from '../http/errors';
import { defineRoute, type ApiContext } from '../http/route';
import { checkoutDetailView, checkoutId, checkoutListView, checkoutView, fen, pharmacyId, refundResultView, residentCheckoutsView, wechatPaymentView } from '../../shared/api/checkout';
import { objectId } from './identitySchemas';

async function view(deps: AppDeps, c: CheckoutRecord) {
  return presentCheckout(c, await pharmacyNameOf(deps, c.pharmacyId));
}

/** Loads a checkout and authorizes a pharmacy action on the pharmacy it belongs to. */
async function checkoutForPharmacy(deps: AppDeps, ctx: ApiContext, id: string, action: PharmacyAction, what: Record<string, unknown> = {}) {
  const checkout = await loadCheckout(deps, id);
  if (!checkout) throw notFound('checkout_not_found');
  await authorize({ deps, ctx }, action, { kind: 'pharmacy', pharmacyId: checkout.pharmacyId }, { checkoutId: id, ...what });
  return checkout;
}

const residentCheckoutParams = z.object({ residentId: objectId, checkoutId });
const checkoutParams = z.object({ checkoutId });

/** The till (cashier) and the resident's phone (resident or proxy with `redeem`). */
export const checkoutRoutes = [
  defineRoute({
    operationId: 'pharmacies.createCheckout',
    method: 'post',
    path: '/api/pharmacies/:pharmacyId/checkouts',
    summary: '（本店收银员）扫出示码并录入账单：总金额、个人自付、可抵扣部分；服务端计算最多可抵扣积分',
    tags: ['checkout'],
    auth: 'session',
    params: z.object({ pharmacyId }),
    body: z.object({ code: z.string().min(1).max(64), totalFen: fen, selfPaidFen: fen, eligibleSelfPaidFen: fen }),
    response: checkoutView,
    successStatus: 201,
    links: {
      read: { operationId: 'checkouts.get', parameters: { checkoutId: '$response.body#/data/checkoutId' } },
      counterPayment: { operationId: 'checkouts.counterPayment', parameters: { checkoutId: '$response.body#/data/checkoutId' } },
      cancel: { operationId: 'checkouts.cancel', parameters: { checkoutId: '$response.body#/data/checkoutId' } },
    },
    errors: ['access_denied', 'pharmacy_not_found', 'redemption_code_invalid', 'redemption_code_expired', 'redemption_code_used', 'bill_amounts_inconsistent', 'redemption_not_possible'],
    handler: async ({ params, body, ctx, deps }) => {
      await authorize({ deps, ctx }, 'pharmacy.checkouts.create', { kind: 'pharmacy', pharmacyId: params.pharmacyId });
      const checkout = await checkoutCreator(deps, { ...body, pharmacyId: params.pharmacyId, cashier: requireAccountActor(ctx) });
      return view(deps, checkout);
    },
  }),
  defineRoute({
    operationId: 'pharmacies.listCheckouts',
    method: 'get',
    path: '/api/pharmacies/:pharmacyId/checkouts',
    summary: '（本店收银员、管理员）本店抵扣单，最新在前',
    tags: ['checkout'],
    auth: 'session',
    params: z.object({ pharmacyId }),
    query: z.object({ state: z.string().max(32).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
    response: checkoutListView,
    errors: ['access_denied'],
    handler: async ({ params, query, ctx, deps }) => {
      await authorize({ deps, ctx }, 'pharmacy.checkouts.read', { kind: 'pharmacy', pharmacyId: params.pharmacyId });
      const list = await pharmacyCheckouts(deps, params.pharmacyId, query);
      const name = await pharmacyNameOf(deps, params.pharmacyId);
      return { checkouts: list.map((c) => presentCheckout(c, name)) };
    },
  }),
  defineRoute({
    operationId: 'checkouts.get',
    method: 'get',
    path: '/api/checkouts/:checkoutId',
    summary: '（本店收银员、管理员）抵扣单详情与退款记录（收银台轮询状态）',
    tags: ['checkout'],
    auth: 'session',
    params: checkoutParams,
    response: checkoutDetailView,
    errors: ['access_denied', 'checkout_not_found'],
    handler: async ({ params, ctx, deps }) => {
      const checkout = await checkoutForPharmacy(deps, ctx, params.checkoutId, 'pharmacy.checkouts.read');
      return { checkout: await view(deps, checkout), refunds: (await refundsOfCheckout(deps, checkout._id)).map(presentRefund) };
    },
  }),
  defineRoute({
    operationId: 'checkouts.counterPayment',
    method: 'post',
    path: '/api/checkouts/:checkoutId/counter-payment',
    summary: '（本店收银员）剩余金额已在柜台收取',
    tags: ['checkout'],
    auth: 'session',
    params: checkoutParams,
    body: z.object({ amountFen: fen }),
    response: checkoutView,
    errors: ['access_denied', 'checkout_not_found', 'checkout_not_awaiting_payment', 'counter_amount_mismatch', 'payment_method_conflict', 'wechat_pay_unavailable'],
    handler: async ({ params, body, ctx, deps }) => {
      await checkoutForPharmacy(deps, ctx, params.checkoutId, 'pharmacy.checkouts.settle', { amountFen: body.amountFen });
      return view(deps, await counterPaymentRecorder(deps, { checkoutId: params.checkoutId, amountFen: body.amountFen, cashier: requireAccountActor(ctx) }));
    },
  }),
  defineRoute({
    operationId: 'checkouts.cancel',
    method: 'post',
    path: '/api/checkouts/:checkoutId/cancel',
    summary: '（本店收银员）取消未支付的抵扣单：关闭微信订单、释放冻结积分',
    tags: ['checkout'],
    auth: 'session',
    params: checkoutParams,
    response: checkoutView,
    errors: ['access_denied', 'checkout_not_found', 'checkout_not_awaiting_payment'],
    handler: async ({ params, ctx, deps }) => {
      await checkoutForPharmacy(deps, ctx, params.checkoutId, 'pharmacy.checkouts.settle');
      return view(deps, await checkoutCanceller(deps, { checkoutId: params.checkoutId, reason: 'cancelled_by_cashier', by: requireAccountActor(ctx).accountId }));
    },
  }),
  defineRoute({
    operationId: 'checkouts.refund',
    method: 'post',
    path: '/api/checkouts/:checkoutId/refunds',
    summary: '（本店收银员）退款（全部或部分）：积分按比例退回，微信支付部分原路退回',
    tags: ['checkout'],
    auth: 'session',
    params: checkoutParams,
    body: z.object({ refundFen: fen.min(1), reason: z.string().trim().max(80).optional(), requestKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional() }),
    response: refundResultView,
    successStatus: 201,
    errors: ['access_denied', 'checkout_not_found', 'checkout_not_completed', 'refund_in_progress', 'refund_exceeds_paid_amount', 'refund_window_passed', 'refund_count_limit_reached', 'refund_rejected_by_wechat_pay'],
    handler: async ({ params, body, ctx, deps }) => {
      await checkoutForPharmacy(deps, ctx, params.checkoutId, 'pharmacy.checkouts.refund', { refundFen: body.refundFen });
      const refund = await refundRequester(deps, { checkoutId: params.checkoutId, refundFen: body.refundFen, reason: body.reason, requestKey: body.requestKey, cashier: requireAccountActor(ctx) });
      const checkout = await loadCheckout(deps, params.checkoutId);
      return { refund: presentRefund(refund), checkout: await view(deps, checkout!) };
    },
  }),

  defineRoute({
    operationId: 'residents.listCheckouts',
    method: 'get',
    path: '/api/residents/:residentId/checkouts',
    summary: '（居民、有抵扣权限的家属）我的抵扣单；待确认、待支付的在前（手机端轮询）',
    tags: ['checkout'],
    auth: 'session',
    params: z.object({ residentId: objectId }),
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
    response: residentCheckoutsView,
    errors: ['access_denied'],
    handler: async ({ params, query, ctx, deps }) => {
      await authorizeForResident({ deps, ctx }, 'resident.points.redeem', params.residentId, { what: 'checkouts' });
      const list = await residentCheckouts(deps, params.residentId, query.limit);
      const views = await Promise.all(list.map((c) => view(deps, c)));
      return { pending: views.filter((v) => isPendingCheckout(v.state)), recent: views.filter((v) => !isPendingCheckout(v.state)) };
    },
  }),
  defineRoute({
    operationId: 'residents.getCheckout',
    method: 'get',
    path: '/api/residents/:residentId/checkouts/:checkoutId',
    summary: '（居民、有抵扣权限的家属）抵扣单详情（金额以分计）',
    tags: ['checkout'],
    auth: 'session',
    params: residentCheckoutParams,
    response: checkoutView,
    errors: ['access_denied', 'checkout_not_found'],
    handler: async ({ params, ctx, deps }) => {
      await authorizeForResident({ deps, ctx }, 'resident.points.redeem', params.residentId, { checkoutId: params.checkoutId });
      return view(deps, await residentCheckout(deps, params.residentId, params.checkoutId));
    },
  }),
  defineRoute({
    operationId: 'residents.confirmCheckout',
    method: 'post',
    path: '/api/residents/:residentId/checkouts/:checkoutId/confirm',
    summary: '（居民、有抵扣权限的家属）确认抵扣：积分被冻结；家属确认时通知居民',
    tags: ['checkout'],
    auth: 'session',
    params: residentCheckoutParams,
    body: z.object({ points: z.number().int().min(1).optional() }),
    response: checkoutView,
    errors: ['access_denied', 'checkout_not_found', 'checkout_not_awaiting_confirmation', 'points_exceed_offer', 'insufficient_available_points', 'exceeds_monthly_redemption_cap', 'below_minimum'],
    handler: async ({ params, body, ctx, deps }) => {
      const decision = await authorizeForResident({ deps, ctx }, 'resident.points.redeem', params.residentId, { checkoutId: params.checkoutId });
      const checkout = await checkoutConfirmer(deps, {
        residentId: params.residentId,
        checkoutId: params.checkoutId,
        actor: requireAccountActor(ctx),
        basis: decision.basis,
        proxyLinkId: decision.proxyLinkId ?? null,
        points: body.points,
      });
      return view(deps, checkout);
    },
  }),
  defineRoute({
    operationId: 'residents.payCheckoutWithWechat',
    method: 'post',
    path: '/api/residents/:residentId/checkouts/:checkoutId/wechat-payment',
    summary: '（居民、有抵扣权限的家属）用微信支付剩余金额：返回 requestPayment 参数（付款人为当前微信用户）',
    tags: ['checkout', 'payments'],
    auth: 'session',
    params: residentCheckoutParams,
    response: wechatPaymentView,
    errors: ['access_denied', 'checkout_not_found', 'checkout_not_awaiting_payment', 'payment_method_conflict', 'wechat_pay_unavailable', 'wechat_pay_order_rejected'],
    handler: async ({ params, ctx, deps }) => {
      await authorizeForResident({ deps, ctx }, 'resident.points.redeem', params.residentId, { checkoutId: params.checkoutId, what: 'wechatPayment' });
      const payerOpenid = await accountOpenidOf(deps, requireAccountActor(ctx).accountId);
      if (!payerOpenid) throw new AppError('payer_openid_missing', 400);
      return wechatPaymentStarter(deps, { residentId: params.residentId, checkoutId: params.checkoutId, payerOpenid });
    },
  }),
  defineRoute({
    operationId: 'residents.declineCheckout',
    method: 'post',
    path: '/api/residents/:residentId/checkouts/:checkoutId/decline',
    summary: '（居民、有抵扣权限的家属）不抵扣 / 取消未支付的抵扣单',
    tags: ['checkout'],
    auth: 'session',
    params: residentCheckoutParams,
    response: checkoutView,
    errors: ['access_denied', 'checkout_not_found', 'checkout_not_awaiting_payment'],
    handler: async ({ params, ctx, deps }) => {
      await authorizeForResident({ deps, ctx }, 'resident.points.redeem', params.residentId, { checkoutId: params.checkoutId, what: 'decline' });
      await residentCheckout(deps, params.residentId, params.checkoutId);
      return view(deps, await checkoutCanceller(deps, { checkoutId: params.checkoutId, reason: 'declined_by_resident', by: requireAccountActor(ctx).accountId }));
    },
  }),
];
