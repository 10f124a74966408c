import { z } from 'zod';

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
