import { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import type { CheckoutRecord } from './checkoutStates';

/** States in which a checkout still waits for someone (the resident's phone lists these first). */
const pendingStates = new Set(['awaiting_confirmation', 'holding', 'awaiting_payment', 'capturing', 'cancelling']);
export const isPendingCheckout = (state: string) => pendingStates.has(state);

/** A pharmacy's checkouts, newest first, optionally in one state. */
export async function pharmacyCheckouts(deps: AppDeps, pharmacyId: string, filter: { state?: string | undefined; limit: number }): Promise<CheckoutRecord[]> {
  return deps.models.Checkout.collection
    .find<CheckoutRecord>({ pharmacyId, ...(filter.state ? { state: filter.state } : {}) })
    .sort({ createdAt: -1 })
    .limit(filter.limit)
    .toArray();
}

/** A resident's checkouts, newest first. */
export async function residentCheckouts(deps: AppDeps, residentId: string, limit: number): Promise<CheckoutRecord[]> {
  return deps.models.Checkout.collection
    .find<CheckoutRecord>({ residentId: new Types.ObjectId(residentId) })
    .sort({ createdAt: -1 })
    .limit(limit)
    .toArray();
}

/** The checkout a WeChat Pay prepay id was created for, or null. */
export async function checkoutIdByPrepayId(deps: AppDeps, prepayId: string): Promise<string | null> {
  const checkout = await deps.models.Checkout.findOne({ 'wechat.prepayId': prepayId }, { _id: 1 }).lean();
  return checkout ? String(checkout._id) : null;
}
