import { z } from 'zod';
import { monthKey } from '../../shared/api/formats';

/** Shapes shared by the pharmacy, checkout, payment and settlement routes. */
export const fen = z.number().int().min(0).max(100_000_000);
export const checkoutId = z.string().regex(/^co[a-f0-9]{24}$/, '不是有效的抵扣单号');
export const pharmacyId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '不是有效的药店编号');
export const statementId = z.string().regex(/^\d{4}-\d{2}\.[A-Za-z0-9_-]{1,64}$/, '不是有效的结算单号');
export const periodKey = monthKey('结算周期格式应为 YYYY-MM');

export const checkoutView = z.object({
  checkoutId: z.string(),
  pharmacyId: z.string(),
  pharmacyName: z.string().nullable(),
  state: z.string(),
  stateLabel: z.string(),
  totalFen: z.number(),
  selfPaidFen: z.number(),
  eligibleSelfPaidFen: z.number(),
  insuranceFen: z.number(),
  valueFenPerPoint: z.number(),
  maxPoints: z.number(),
  maxPointsValueFen: z.number(),
  limitedBy: z.string(),
  points: z.number().nullable(),
  pointsValueFen: z.number().nullable(),
  remainderFen: z.number().nullable(),
  paymentMethod: z.string().nullable(),
  wechatPaidFen: z.number(),
  counterPaidFen: z.number(),
  capturedPoints: z.number(),
  refundedFen: z.number(),
  refundedPoints: z.number(),
  refundInProgress: z.boolean(),
  confirmedByProxy: z.boolean(),
  cancelReason: z.string().nullable(),
  problem: z.string().nullable(),
  createdAt: z.string(),
  confirmDeadline: z.string(),
  paymentDeadline: z.string().nullable(),
  capturedAt: z.string().nullable(),
});

export const refundView = z.object({
  refundId: z.string(),
  checkoutId: z.string(),
  state: z.string(),
  refundFen: z.number(),
  restoredPoints: z.number(),
  restoredValueFen: z.number(),
  cashFen: z.number(),
  cashChannel: z.string(),
  wechatStatus: z.string().nullable(),
  failure: z.string().nullable(),
  createdAt: z.string(),
});

export const statementView = z.object({
  statementId: z.string(),
  pharmacyId: z.string(),
  periodKey: z.string(),
  state: z.string(),
  capturedPoints: z.number(),
  reversedPoints: z.number(),
  capturedFen: z.number(),
  reversedFen: z.number(),
  adjustmentFen: z.number(),
  statementTotalFen: z.number(),
  paymentReference: z.string().nullable(),
  lines: z.array(z.object({ kind: z.string(), refId: z.string(), checkoutId: z.string().nullable(), at: z.string(), points: z.number(), amountFen: z.number() })),
});
