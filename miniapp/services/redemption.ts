import type { PaymentParams } from '../platform/types';
import { wechatPaymentView } from '../../shared/api/checkout';
import { parsed } from './apiSchema';
import { residentRequest } from './profile';
import { readRedemptionCode, type RedemptionCodeView } from './checkoutCode';
import { readCheckout, readResidentCheckouts, type CheckoutView, type ResidentCheckouts } from './checkoutStatus';

/**
 * The resident's (or a family member's with `redeem`) side of 抵扣, always for the active profile:
 *
 *   issueRedemptionCode()      POST /api/residents/:rid/redemption-codes                     → 出示码
 *   loadMyCheckouts()          GET  /api/residents/:rid/checkouts                             → pending + recent (polled)
 *   loadMyCheckout(id)         GET  /api/residents/:rid/checkouts/:id
 *   confirmCheckout(id)        POST /api/residents/:rid/checkouts/:id/confirm                 → points held
 *   startWechatPayment(id)     POST /api/residents/:rid/checkouts/:id/wechat-payment         → requestPayment params
 *   declineCheckout(id)        POST /api/residents/:rid/checkouts/:id/decline                 → cancelled, points released
 *
 * Pages get view models (services/checkoutViews.ts), never the DTOs.
 */
export type { RedemptionCodeView } from './checkoutCode';
export type { CheckoutView, ResidentCheckouts } from './checkoutStatus';

const checkoutPath = (checkoutId: string, suffix = '') => `/checkouts/${encodeURIComponent(checkoutId)}${suffix}`;

export async function issueRedemptionCode(): Promise<RedemptionCodeView> {
  return readRedemptionCode(await residentRequest('/redemption-codes', { method: 'POST', body: {} }));
}

export async function loadMyCheckouts(): Promise<ResidentCheckouts> {
  return readResidentCheckouts(await residentRequest('/checkouts', { query: { limit: 10 } }));
}

export async function loadMyCheckout(checkoutId: string): Promise<CheckoutView> {
  return readCheckout(await residentRequest(checkoutPath(checkoutId)));
}

/** Uses the most points the policy allows for this bill (the one amount the screen showed). */
export async function confirmCheckout(checkoutId: string): Promise<CheckoutView> {
  return readCheckout(await residentRequest(checkoutPath(checkoutId, '/confirm'), { method: 'POST', body: {} }));
}

export async function declineCheckout(checkoutId: string): Promise<CheckoutView> {
  return readCheckout(await residentRequest(checkoutPath(checkoutId, '/decline'), { method: 'POST', body: {} }));
}

/** The JSAPI order for the remainder; the caller hands the parameters to `platform.requestPayment`. */
export async function startWechatPayment(checkoutId: string): Promise<PaymentParams> {
  const data = await parsed(wechatPaymentView, residentRequest(checkoutPath(checkoutId, '/wechat-payment'), { method: 'POST', body: {} }));
  return data.requestPayment;
}
