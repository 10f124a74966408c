import { z } from 'zod';
import { alertListResponse } from '../../shared/api/alerts';
import { controlStatusView, readingHistoryQuery, readingHistoryView, readingsExportQuery } from '../../shared/api/readings';
import { archiveView } from '../../shared/api/records';
import { calendarDaysBetween } from '../../shared/time/shanghai';
import { authorizeForResident } from '../authz/authorize';
import { badRequest } from '../http/errors';
import { defineRoute } from '../http/route';
import { residentAlertsReader } from '../records/alertReader';
import { controlStatusReader, readingHistoryReader } from '../records/readingsReader';
import { EXPORT_MAX_DAYS, readingsCsvExporter } from '../records/readingsCsv';
import { readingsPdfExporter } from '../pdf/readingsPdf';
import { recordsReader } from '../records/recordsReader';
import { residentIdParams } from './identitySchemas';

/** Both exports (CSV, PDF) accept the same range: 1–366 whole days. */
function checkExportRange(query: { from?: string | undefined; to?: string | undefined }): void {
  if (query.from && query.to && (calendarDaysBetween(query.from, query.to) < 0 || calendarDaysBetween(query.from, query.to) >= EXPORT_MAX_DAYS)) {
    throw badRequest('date_range_invalid', { from: query.from, to: query.to, maxDays: EXPORT_MAX_DAYS });
  }
}

/**
 * The resident's own health data, read by the resident, a proxy with `view`, or their doctor team
 * (server/authz: `resident.records.read` / `.export`; every access by someone else is audited).
 */
export const recordRoutes = [
  defineRoute({
    operationId: 'records.readingHistory',
    method: 'get',
    path: '/api/residents/:residentId/readings',
    summary: '按项目查看最近 7/30/90 天的测量记录：每个点带分级和是否达标，并给出目标带',
    tags: ['readings'],
    auth: 'session',
    params: residentIdParams,
    query: readingHistoryQuery,
    response: readingHistoryView,
    errors: ['access_denied'],
    handler: async ({ params, query, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.records.read', params.residentId, { records: 'readings', measure: query.measure });
      return readingHistoryReader(deps, resident, query.measure, query.days);
    },
  }),
  defineRoute({
    operationId: 'records.controlStatus',
    method: 'get',
    path: '/api/residents/:residentId/control-status',
    summary: '本月（上海时间）各病种达标情况，如“本月血压达标 6/8 次”',
    tags: ['readings'],
    auth: 'session',
    params: residentIdParams,
    response: controlStatusView,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.records.read', params.residentId, { records: 'controlStatus' });
      return controlStatusReader(deps, resident);
    },
  }),
  defineRoute({
    operationId: 'records.archive',
    method: 'get',
    path: '/api/residents/:residentId/records',
    summary: '档案：诊断、签约与团队（含电话）、化验结果、随访记录（分类与指导）、用药、干预措施、目标、待办',
    tags: ['records'],
    auth: 'session',
    params: residentIdParams,
    response: archiveView,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.records.read', params.residentId, { records: 'archive' });
      return recordsReader(deps, resident);
    },
  }),
  defineRoute({
    operationId: 'records.exportReadingsCsv',
    method: 'get',
    path: '/api/residents/:residentId/readings/export.csv',
    summary: '导出测量记录 CSV（UTF-8 带 BOM，表头含姓名和日期范围），可发给医生；默认最近90天',
    tags: ['readings'],
    auth: 'session',
    responseKind: 'file',
    params: residentIdParams,
    query: readingsExportQuery,
    response: z.object({ filename: z.string(), contentType: z.string(), content: z.string() }),
    errors: ['access_denied', 'validation_failed', 'date_range_invalid'],
    handler: async ({ params, query, ctx, deps }) => {
      checkExportRange(query);
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.records.export', params.residentId, { records: 'readingsCsv', from: query.from ?? null, to: query.to ?? null });
      return readingsCsvExporter(deps, resident, query);
    },
  }),
  defineRoute({
    operationId: 'records.exportReadingsPdf',
    method: 'get',
    path: '/api/residents/:residentId/readings/export.pdf',
    summary: '导出测量记录 PDF（姓名、日期范围、读数与分级表格），可发给医生；默认最近90天；与 CSV 导出同一授权',
    tags: ['readings'],
    auth: 'session',
    responseKind: 'file',
    fileType: 'application/pdf',
    params: residentIdParams,
    query: readingsExportQuery,
    response: z.object({ filename: z.string(), contentType: z.string(), content: z.instanceof(Buffer) }),
    errors: ['access_denied', 'validation_failed', 'date_range_invalid'],
    handler: async ({ params, query, ctx, deps }) => {
      checkExportRange(query);
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.records.export', params.residentId, { records: 'readingsPdf', from: query.from ?? null, to: query.to ?? null });
      return readingsPdfExporter(deps, resident, query);
    },
  }),
  defineRoute({
    operationId: 'records.alerts',
    method: 'get',
    path: '/api/residents/:residentId/alerts',
    summary: '居民自己的紧急值提醒及处理状态',
    tags: ['readings', 'alerts'],
    auth: 'session',
    params: residentIdParams,
    response: alertListResponse,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.records.read', params.residentId, { records: 'alerts' });
      return { alerts: await residentAlertsReader(deps, resident) };
    },
  }),
];
