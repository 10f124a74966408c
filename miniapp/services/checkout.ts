import { api } from './http';
import { readCheckoutDetail, readRefundResult, type CheckoutDetail, type RefundView } from './checkoutRefunds';
import { readCheckout, readCheckoutList, type CheckoutView } from './checkoutStatus';

/**
 * The till (药店模式, cashier of one pharmacy):
 *
 *   createCheckout(ph, input)      POST /api/pharmacies/:ph/checkouts        (code + bill in fen) → checkout
 *   loadCheckoutDetail(id)         GET  /api/checkouts/:id                   (polled every 2 s)   → checkout + refunds
 *   markCounterPaid(id, fen)       POST /api/checkouts/:id/counter-payment
 *   cancelCheckout(id)             POST /api/checkouts/:id/cancel
 *   refundCheckout(id, fen, key)   POST /api/checkouts/:id/refunds           (full or partial)
 *   loadPharmacyCheckouts(ph)      GET  /api/pharmacies/:ph/checkouts
 */
export type { CheckoutDetail, RefundView } from './checkoutRefunds';
export type { CheckoutView } from './checkoutStatus';

const checkoutPath = (checkoutId: string, suffix = '') => `/api/checkouts/${encodeURIComponent(checkoutId)}${suffix}`;
const pharmacyPath = (pharmacyId: string, suffix: string) => `/api/pharmacies/${encodeURIComponent(pharmacyId)}${suffix}`;

export interface NewCheckoutInput {
  /** Typed digits or a scanned `RHP1:` payload. */
  code: string;
  totalFen: number;
  selfPaidFen: number;
  eligibleSelfPaidFen: number;
}

export async function createCheckout(pharmacyId: string, input: NewCheckoutInput): Promise<CheckoutView> {
  return readCheckout(await api.post(pharmacyPath(pharmacyId, '/checkouts'), input));
}

export async function loadCheckoutDetail(checkoutId: string): Promise<CheckoutDetail> {
  return readCheckoutDetail(await api.get(checkoutPath(checkoutId)));
}

export async function markCounterPaid(checkoutId: string, amountFen: number): Promise<CheckoutView> {
  return readCheckout(await api.post(checkoutPath(checkoutId, '/counter-payment'), { amountFen }));
}

export async function cancelCheckout(checkoutId: string): Promise<CheckoutView> {
  return readCheckout(await api.post(checkoutPath(checkoutId, '/cancel'), {}));
}

/** A fresh key per refund the cashier asks for; reused if the same request is retried. */
export function newRefundKey(): string {
  return `rf${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

export async function refundCheckout(checkoutId: string, refundFen: number, requestKey: string): Promise<{ refund: RefundView; checkout: CheckoutView }> {
  return readRefundResult(await api.post(checkoutPath(checkoutId, '/refunds'), { refundFen, requestKey, reason: '收银台退款' }));
}

export async function loadPharmacyCheckouts(pharmacyId: string): Promise<CheckoutView[]> {
  return readCheckoutList(await api.get(pharmacyPath(pharmacyId, '/checkouts'), { query: { limit: 50 } }));
}
