import { z } from 'zod';
import { calendarDay, moneyFen, monthKey, points } from './formats';

/**
 * 存折 shapes shared by the service and the mini-program. `pointsPreview`: what saving a home
 * reading earns, said at once (server/passbook/pointsPreview.ts).
 */
export const pointsPreviewSchema = z.object({
  points: z.number().int().min(0).describe('按积分规则这次记录能得的积分（已考虑每日、每月、每年上限）'),
  certain: z.boolean().describe('false：还有更早的记录在入账，积分以稍后到账为准'),
  reason: z.string().describe('earned、capped_by_daily_limit、capped_by_monthly_limit 等'),
});
export type PointsPreviewDto = z.infer<typeof pointsPreviewSchema>;

/** The kinds of statement line, as the statement filter and each line name them. */
export const statementKinds = ['earn', 'use', 'refund', 'expire', 'adjust'] as const;
export type StatementKind = (typeof statementKinds)[number];

/** The 存折 summary: balance, held, available, expiry notices and this month's redemption allowance. */
export const passbookSummarySchema = z.object({
  balancePoints: points,
  heldPoints: points,
  availablePoints: points,
  valueFenPerPoint: moneyFen,
  expiringSoon: z.array(z.object({ points, lastDay: calendarDay(), text: z.string() })),
  thisMonth: z.object({
    monthKey: monthKey(),
    capPoints: points,
    usedPoints: points,
    remainingPoints: points,
    minPoints: points,
    maxShareOfEligibleBasisPoints: z.number().int(),
  }),
});
export type PassbookSummaryDto = z.infer<typeof passbookSummarySchema>;

/** One statement line: Shanghai day and time, the reason in Chinese, the change and the balance after. */
export const statementItemSchema = z.object({
  seq: z.number().int(),
  day: calendarDay(),
  time: z.string(),
  kind: z.enum(statementKinds),
  reasonText: z.string(),
  points,
  heldDeltaPoints: points,
  cappedPoints: points,
  balanceAfterPoints: points,
});
export type StatementItemDto = z.infer<typeof statementItemSchema>;

export const statementPageSchema = z.object({ items: z.array(statementItemSchema), nextCursor: z.string().nullable() });
