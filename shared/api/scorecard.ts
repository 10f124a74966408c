/**
 * Request and response shapes of the 履约考核 scorecard (shared/scorecard/metrics.ts): the figures
 * per team and institution for a period, each with its formula. Used by server/routes/scorecard.ts
 * and miniapp/services/scorecard.ts.
 */
import { z } from 'zod';
import { calendarDay } from './formats';

export const scorecardQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  from: calendarDay().optional().describe('区间开始（含），须在 year 之内；省略为 1 月 1 日'),
  to: calendarDay().optional().describe('区间结束（含），须在 year 之内；省略为 12 月 31 日'),
  institutionId: z.string().min(1).max(64).optional().describe('只看一个机构（管理员）'),
  teamId: z.string().min(1).max(64).optional().describe('只看一个团队：团队长看本团队；省略则为管理员的全部团队对比'),
});
export type ScorecardQuery = z.infer<typeof scorecardQuery>;

export const metricDefinitionView = z.object({ key: z.string(), label: z.string(), unit: z.enum(['count', 'rate', 'score', 'pointsPerResident']), formula: z.string() });

export const scorecardRowView = z.object({
  level: z.enum(['institution', 'team']),
  institutionId: z.string(),
  teamId: z.string().nullable(),
  name: z.string(),
  values: z.array(z.object({ key: z.string(), value: z.number().nullable(), numerator: z.number(), denominator: z.number().nullable() })),
});
export type ScorecardRowView = z.infer<typeof scorecardRowView>;

export const scorecardView = z.object({
  period: z.object({ year: z.number().int(), from: z.string(), to: z.string() }),
  metrics: z.array(metricDefinitionView),
  rows: z.array(scorecardRowView),
  generatedAt: z.string(),
});
export type ScorecardView = z.infer<typeof scorecardView>;
