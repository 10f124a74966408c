import { z } from 'zod';
import { instant, moneyFen, monthKey, points } from './formats';

/**
 * 抵扣 (journey 5) API shapes — pharmacy, checkout, refund, payment, redemption-code and settlement
 * routes validate their answers with these; the resident's and the cashier's screens parse the
 * same responses with them.
 */
export const checkoutStates = ['awaiting_confirmation', 'holding', 'awaiting_payment', 'capturing', 'cancelling', 'completed', 'cancelled'] as const;
export type CheckoutState = (typeof checkoutStates)[number];

/** A bill amount the till accepts: up to ¥1,000,000.00. */
export const fen = moneyFen.min(0).max(100_000_000);
export const checkoutId = z.string().regex(/^co[a-f0-9]{24}$/, '不是有效的抵扣单号');
export const pharmacyId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '不是有效的药店编号');
export const statementId = z.string().regex(/^\d{4}-\d{2}\.[A-Za-z0-9_-]{1,64}$/, '不是有效的结算单号');
export const periodKey = monthKey('结算周期格式应为 YYYY-MM');

export const checkoutView = z.object({
  checkoutId: z.string(),
  pharmacyId: z.string(),
  pharmacyName: z.string().nullable(),
  state: z.enum(checkoutStates),
  stateLabel: z.string(),
  totalFen: moneyFen,
  selfPaidFen: moneyFen,
  eligibleSelfPaidFen: moneyFen,
  insuranceFen: moneyFen,
  valueFenPerPoint: moneyFen,
  maxPoints: points,
  maxPointsValueFen: moneyFen,
  limitedBy: z.string(),
  points: points.nullable(),
  pointsValueFen: moneyFen.nullable(),
  remainderFen: moneyFen.nullable(),
  paymentMethod: z.enum(['wechat', 'counter', 'none']).nullable(),
  wechatPaidFen: moneyFen,
  counterPaidFen: moneyFen,
  capturedPoints: points,
  refundedFen: moneyFen,
  refundedPoints: points,
  refundInProgress: z.boolean(),
  confirmedByProxy: z.boolean(),
  cancelReason: z.string().nullable(),
  problem: z.string().nullable(),
  createdAt: instant,
  confirmDeadline: instant,
  paymentDeadline: instant.nullable(),
  capturedAt: instant.nullable(),
});

export const refundView = z.object({
  refundId: z.string(),
  checkoutId: z.string(),
  state: z.string(),
  refundFen: moneyFen,
  restoredPoints: points,
  restoredValueFen: moneyFen,
  cashFen: moneyFen,
  cashChannel: z.string(),
  wechatStatus: z.string().nullable(),
  failure: z.string().nullable(),
  createdAt: instant,
});

export const statementView = z.object({
  statementId: z.string(),
  pharmacyId: z.string(),
  periodKey: z.string(),
  state: z.string(),
  capturedPoints: points,
  reversedPoints: points,
  capturedFen: moneyFen,
  reversedFen: moneyFen,
  adjustmentFen: moneyFen,
  statementTotalFen: moneyFen,
  paymentReference: z.string().nullable(),
  lines: z.array(z.object({ kind: z.string(), refId: z.string(), checkoutId: z.string().nullable(), at: instant, points: points, amountFen: moneyFen })),
});
export type CheckoutDto = z.infer<typeof checkoutView>;
export type RefundDto = z.infer<typeof refundView>;
export type StatementDto = z.infer<typeof statementView>;

export const checkoutListView = z.object({ checkouts: z.array(checkoutView) });
export const residentCheckoutsView = z.object({ pending: z.array(checkoutView), recent: z.array(checkoutView) });
export const checkoutDetailView = z.object({ checkout: checkoutView, refunds: z.array(refundView) });
export const refundResultView = z.object({ refund: refundView, checkout: checkoutView });
export const wechatPaymentView = z.object({
  checkoutId: z.string(),
  amountFen: moneyFen,
  requestPayment: z.object({ timeStamp: z.string(), nonceStr: z.string(), package: z.string(), signType: z.literal('RSA'), paySign: z.string() }),
});
export const statementListView = z.object({ statements: z.array(statementView) });

export const redemptionCodeView = z.object({
  code: z.string(),
  codeFormatted: z.string(),
  qrPayload: z.string(),
  /** The QR of `qrPayload` as a PNG data URL, so the phone shows it without a QR library. */
  qrDataUrl: z.string(),
  expiresAt: instant,
  refreshAfterMs: z.number(),
  availablePoints: points,
  monthlyRemainingPoints: points,
  valueFenPerPoint: moneyFen,
});
export type RedemptionCodeDto = z.infer<typeof redemptionCodeView>;

const settlementDetails = z.object({
  accountName: z.string().trim().min(1).max(100),
  bankName: z.string().trim().min(1).max(100),
  accountNumber: z.string().regex(/^[0-9 -]{6,40}$/),
});
export const pharmacyRegistrationBody = z.object({
  name: z.string().trim().min(1).max(100),
  licenceNumber: z.string().trim().min(4).max(64),
  address: z.string().trim().min(1).max(200),
  settlement: settlementDetails,
});
export const pharmacyView = z.object({
  pharmacyId: z.string(),
  name: z.string(),
  licenceNumber: z.string(),
  address: z.string(),
  status: z.string(),
  settlement: settlementDetails.optional(),
});
export const cashierInvitationAcceptedView = z.object({ accountId: z.string(), roles: z.array(z.string()), pharmacyId: z.string(), pharmacyName: z.string() });
