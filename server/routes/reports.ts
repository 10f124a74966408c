import { z } from 'zod';
import { calendarDay } from '../../shared/api/formats';
import { authorize } from '../authz/authorize';
import { defineRoute } from '../http/route';
import { programmeReport } from '../reports/programmeReport';
import { reportCsv } from '../reports/reportCsv';

/**
 * Programme reports for admins (`programme.reports.read`): aggregate figures per team, institution
 * and the whole programme, read from the incremental aggregates (server/reports/aggregates.ts).
 */
const day = calendarDay();
const reportQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  from: day.optional().describe('区间开始（含），须在 year 之内；省略为 1 月 1 日'),
  to: day.optional().describe('区间结束（含），须在 year 之内；省略为 12 月 31 日'),
  institutionId: z.string().min(1).max(64).optional(),
});
const rowView = z.object({
  level: z.enum(['programme', 'institution', 'team']),
  institutionId: z.string().nullable(),
  teamId: z.string().nullable(),
  name: z.string().nullable(),
  targetPopulation: z.number().nullable(),
  counts: z.record(z.string(), z.number()),
  rates: z.record(z.string(), z.number().nullable()),
});
export const reportView = z.object({
  period: z.object({
    year: z.number(),
    from: z.string(),
    to: z.string(),
    source: z.enum(['rollups', 'residentYears']),
    requiredFaceToFaceFollowUps: z.number().int().describe('本期规范管理要求的面对面随访天数（每年4次按本期天数折算，至少1次）'),
  }),
  formulas: z
    .array(z.object({ rate: z.string(), label: z.string(), numerator: z.string(), denominator: z.string().nullable(), formula: z.string() }))
    .describe('每个比率的计算公式（分子、分母与口径说明）'),
  asOf: z.record(z.string(), z.string()),
  programme: rowView,
  institutions: z.array(rowView),
  teams: z.array(rowView),
  points: z.object({
    issuedPoints: z.number(),
    redeemedPoints: z.number(),
    expiredPoints: z.number(),
    outstandingPoints: z.number(),
    issuedFen: z.number().int(),
    redeemedFen: z.number().int(),
    expiredFen: z.number().int(),
    outstandingLiabilityFen: z.number().int(),
    fenPerPoint: z.number(),
  }),
  settlements: z.array(
    z.object({ pharmacyId: z.string(), name: z.string().nullable(), statements: z.number(), capturedFen: z.number(), reversedFen: z.number(), adjustmentFen: z.number(), totalFen: z.number(), paidFen: z.number() }),
  ),
  medicationAdherence: z
    .object({
      windowDays: z.number().int(),
      programme: z.object({ residents: z.number().int(), good: z.number().int(), poor: z.number().int(), unknown: z.number().int(), goodRate: z.number().nullable() }),
      teams: z.array(z.object({ institutionId: z.string(), teamId: z.string().nullable(), residents: z.number().int(), good: z.number().int(), poor: z.number().int(), unknown: z.number().int(), goodRate: z.number().nullable() })),
    })
    .describe('服药依从性（截至今天的近30天；有每日服药安排的居民，good ≥80% 天按时服药，poor 为依从性差）'),
  generatedAt: z.string(),
  today: z.string(),
});

export const reportRoutes = [
  defineRoute({
    operationId: 'admin.reports.programme',
    method: 'get',
    path: '/api/admin/reports/programme',
    summary: '（管理员）项目统计：签约率、规范管理率、控制率、筛查率、服药依从性、积分与药房结算（按机构/团队/全市）',
    tags: ['admin', 'reports'],
    auth: 'session',
    query: reportQuery,
    response: reportView,
    errors: ['access_denied', 'report_period_invalid'],
    handler: async ({ query, ctx, deps }) => {
      await authorize({ deps, ctx }, 'programme.reports.read', { kind: 'programme' }, { report: 'programme', ...query });
      return programmeReport(deps, query);
    },
  }),
  defineRoute({
    operationId: 'admin.reports.programmeCsv',
    method: 'get',
    path: '/api/admin/reports/programme.csv',
    summary: '（管理员）导出项目统计 CSV（UTF-8 BOM，Excel 可直接打开）',
    tags: ['admin', 'reports'],
    auth: 'session',
    query: reportQuery,
    responseKind: 'file',
    response: z.object({ filename: z.string(), contentType: z.string(), content: z.string() }),
    errors: ['access_denied', 'report_period_invalid'],
    handler: async ({ query, ctx, deps }) => {
      await authorize({ deps, ctx }, 'programme.reports.read', { kind: 'programme' }, { report: 'programme.csv', ...query });
      const report = await programmeReport(deps, query);
      return { filename: `项目统计-${report.period.from}-${report.period.to}.csv`, contentType: 'text/csv; charset=utf-8', content: reportCsv(report) };
    },
  }),
];
