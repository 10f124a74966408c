import { z } from 'zod';
import { calendarDay, instant, moneyFen, points } from './formats';

/**
 * 项目统计 (admins) API shapes: the report route validates its answer with these, the admin's
 * report page parses the same response with them.
 */
export const reportLevels = ['programme', 'institution', 'team'] as const;

export const reportRowView = z.object({
  level: z.enum(reportLevels),
  institutionId: z.string().nullable(),
  teamId: z.string().nullable(),
  name: z.string().nullable(),
  targetPopulation: z.number().nullable(),
  counts: z.record(z.string(), z.number()),
  rates: z.record(z.string(), z.number().nullable()),
});
export type ReportRowDto = z.infer<typeof reportRowView>;

const adherenceCounts = { residents: z.number().int(), good: z.number().int(), poor: z.number().int(), unknown: z.number().int(), goodRate: z.number().nullable() };

export const reportView = z.object({
  period: z.object({
    year: z.number(),
    // Not calendarDay: the query takes years up to 2100, beyond the day format's range.
    from: z.string(),
    to: z.string(),
    source: z.enum(['rollups', 'residentYears']),
    requiredFaceToFaceFollowUps: z.number().int().describe('本期规范管理要求的面对面随访天数（每年4次按本期天数折算，至少1次）'),
  }),
  formulas: z
    .array(z.object({ rate: z.string(), label: z.string(), numerator: z.string(), denominator: z.string().nullable(), formula: z.string() }))
    .describe('每个比率的计算公式（分子、分母与口径说明）'),
  asOf: z.record(z.string(), instant),
  programme: reportRowView,
  institutions: z.array(reportRowView),
  teams: z.array(reportRowView),
  points: z.object({
    issuedPoints: points,
    redeemedPoints: points,
    expiredPoints: points,
    outstandingPoints: points,
    issuedFen: moneyFen,
    redeemedFen: moneyFen,
    expiredFen: moneyFen,
    outstandingLiabilityFen: moneyFen,
    fenPerPoint: z.number(),
  }),
  settlements: z.array(
    z.object({ pharmacyId: z.string(), name: z.string().nullable(), statements: z.number().int(), capturedFen: moneyFen, reversedFen: moneyFen, adjustmentFen: moneyFen, totalFen: moneyFen, paidFen: moneyFen }),
  ),
  medicationAdherence: z
    .object({
      windowDays: z.number().int(),
      programme: z.object(adherenceCounts),
      teams: z.array(z.object({ institutionId: z.string(), teamId: z.string().nullable(), ...adherenceCounts })),
    })
    .describe('服药依从性（截至今天的近30天；有每日服药安排的居民，good ≥80% 天按时服药，poor 为依从性差）'),
  generatedAt: instant,
  today: calendarDay(),
});
export type ReportDto = z.infer<typeof reportView>;
