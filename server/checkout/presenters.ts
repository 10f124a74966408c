import type { CheckoutRecord } from './checkoutStates';
import { stateLabels } from './checkoutStates';
import type { RefundRecord } from './refunds';

/** What the cashier's and the resident's screens show; amounts in fen (the client formats yuan). */
export function presentCheckout(c: CheckoutRecord, pharmacyName: string | null = null) {
  return {
    checkoutId: c._id,
    pharmacyId: c.pharmacyId,
    pharmacyName,
    state: c.state,
    stateLabel: stateLabels[c.state],
    totalFen: c.totalFen,
    selfPaidFen: c.selfPaidFen,
    eligibleSelfPaidFen: c.eligibleSelfPaidFen,
    insuranceFen: c.totalFen - c.selfPaidFen,
    valueFenPerPoint: c.valueFenPerPoint,
    maxPoints: c.maxPoints,
    maxPointsValueFen: c.maxPoints * c.valueFenPerPoint,
    limitedBy: c.limitedBy,
    points: c.points,
    pointsValueFen: c.pointsValueFen,
    remainderFen: c.remainderFen,
    paymentMethod: c.paymentMethod,
    wechatPaidFen: c.wechatPaidFen,
    counterPaidFen: c.counterPaidFen,
    capturedPoints: c.capturedPoints,
    refundedFen: c.refundedFen,
    refundedPoints: c.refundedPoints,
    refundInProgress: c.refundInProgress !== null,
    confirmedByProxy: c.confirmedBy?.basis === 'proxy',
    cancelReason: c.cancelReason,
    problem: c.problem,
    createdAt: c.createdAt.toISOString(),
    confirmDeadline: c.confirmDeadline.toISOString(),
    paymentDeadline: c.paymentDeadline ? c.paymentDeadline.toISOString() : null,
    capturedAt: c.capturedAt ? c.capturedAt.toISOString() : null,
  };
}

export function presentRefund(r: RefundRecord) {
  return {
    refundId: r._id,
    checkoutId: r.checkoutId,
    state: r.state,
    refundFen: r.refundFen,
    restoredPoints: r.restoredPoints,
    restoredValueFen: r.restoredValueFen,
    cashFen: r.cashFen,
    cashChannel: r.cashChannel,
    wechatStatus: r.wechatStatus,
    failure: r.failure,
    createdAt: r.createdAt.toISOString(),
  };
}
