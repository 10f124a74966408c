import { z } from 'zod';
import { calendarDay } from '../../shared/api/formats';
import { reportView } from '../../shared/api/reports';
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
