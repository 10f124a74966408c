import { z } from 'zod';
import { monthKey } from '../../shared/api/formats';
import { passbookSummarySchema, statementKinds, statementPageSchema } from '../../shared/api/passbook';
import { authorizeForResident, authorizeForResidentId } from '../authz/authorize';
import { AppError } from '../http/errors';
import { defineRoute } from '../http/route';
import { passbookStatement, passbookStatementPdf, passbookSummary } from '../passbook/passbookReader';
import { residentIdParams } from './identitySchemas';

const month = monthKey();
/** The resident's 存折 (self, proxy with `view`, their team, admins) and the clinic's printed statement. */
export const passbookRoutes = [
  defineRoute({
    operationId: 'passbook.summary',
    method: 'get',
    path: '/api/residents/:residentId/passbook',
    summary: '存折：积分余额、冻结中、可用、即将到期提醒（N 积分将于 … 到期）、本月还可抵扣的积分',
    tags: ['passbook'],
    auth: 'session',
    params: residentIdParams,
    response: passbookSummarySchema,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { residentId } = await authorizeForResidentId({ deps, ctx }, 'resident.points.read', params.residentId, { passbook: 'summary' });
      return passbookSummary(deps, residentId);
    },
  }),
  defineRoute({
    operationId: 'passbook.statement',
    method: 'get',
    path: '/api/residents/:residentId/passbook/statement',
    summary: '积分明细（每一笔：上海时间日期、中文事由、增减、余额），按月份和类型（获得/使用/退回/过期/调整）筛选，分页',
    tags: ['passbook'],
    auth: 'session',
    params: residentIdParams,
    query: z.object({
      month: month.optional(),
      type: z.enum(statementKinds).optional(),
      cursor: z
        .string()
        .regex(/^\d{1,15}\|\d{1,3}$/, '分页参数无效')
        .optional(),
      pageSize: z.coerce.number().int().min(1).max(50).optional(),
    }),
    response: statementPageSchema,
    errors: ['access_denied', 'validation_failed'],
    handler: async ({ params, query, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.points.read', params.residentId, { passbook: 'statement', month: query.month ?? null });
      return passbookStatement(deps, { residentId: resident._id, month: query.month, kind: query.type, cursor: query.cursor, pageSize: query.pageSize });
    },
  }),
  defineRoute({
    operationId: 'staff.passbookStatementPdf',
    method: 'get',
    path: '/api/staff/residents/:residentId/passbook/statement.pdf',
    summary: '（本团队医生、管理员）打印积分明细 PDF：姓名（不含身份证号）、期间、每一笔和余额；默认最近 12 个月；记入审计',
    tags: ['passbook', 'staff'],
    auth: 'session',
    responseKind: 'file',
    fileType: 'application/pdf',
    params: residentIdParams,
    query: z.object({ from: month.optional(), to: month.optional() }),
    response: z.object({ filename: z.string(), contentType: z.string(), content: z.instanceof(Buffer) }),
    errors: ['access_denied', 'validation_failed', 'statement_period_invalid'],
    handler: async ({ params, query, ctx, deps }) => {
      if (query.from && query.to) {
        const months = (Number(query.to.slice(0, 4)) - Number(query.from.slice(0, 4))) * 12 + Number(query.to.slice(5)) - Number(query.from.slice(5));
        if (months < 0 || months >= 24) throw new AppError('statement_period_invalid', 400);
      }
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.points.print', params.residentId, { passbook: 'statementPdf', from: query.from ?? null, to: query.to ?? null });
      return passbookStatementPdf(deps, resident, query);
    },
  }),
];
