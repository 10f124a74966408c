import { z } from 'zod';
import { authorize, authorizeForResident, requireAccountActor } from '../authz/authorize';
import { decryptField } from '../privacy/fieldCrypto';
import { forbidden, notFound, unprocessable } from '../http/errors';
import { adherenceLevels, panelConditions, panelControls, panelPageView, residentPhoneView, staffNoticePageView, staffNoticeReadView } from '../../shared/api/panel';
import { panelRiskFilter } from '../../shared/api/risk';
import { defineRoute } from '../http/route';
import { teamPanel } from '../panel/panel';
import { staffNoticePage, staffNoticeReadMarker } from '../panel/staffNotices';
import { objectId } from './identitySchemas';

/**
 * The doctor's workspace: the team panel, the staff notices (escalated alerts for the team lead),
 * and revealing a resident's phone number to call about an alert. Own team only
 * (`team.panel.read`, `resident.phone.reveal` = doctor of the resident's team), every access audited.
 */
function ownTeam(ctx: Parameters<typeof requireAccountActor>[0]) {
  const actor = requireAccountActor(ctx);
  const { institutionId, teamId } = actor.staff;
  if (!institutionId || !teamId) throw forbidden('access_denied');
  return { actor, institutionId, teamId };
}

function presentStaffNotice(n: { _id: unknown; kind: string; title: string; body: string; refs?: unknown; createdAt: Date; readAt?: Date | null }) {
  return { noticeId: String(n._id), kind: n.kind, title: n.title, body: n.body, refs: (n.refs ?? {}) as Record<string, unknown>, createdAt: n.createdAt.toISOString(), readAt: n.readAt ? n.readAt.toISOString() : null };
}

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const panelRoutes = [
  defineRoute({
    operationId: 'staff.panel',
    method: 'get',
    path: '/api/staff/panel',
    summary: '（家庭医生）本团队签约居民，按紧急程度排序（未处理预警 → 随访逾期 → 未达标），含心血管病风险分层；可按病种、达标、逾期、预警、风险、服药依从性筛选',
    tags: ['staff', 'panel'],
    auth: 'session',
    query: z.object({
      condition: z.enum(panelConditions).optional(),
      control: z.enum(panelControls).optional(),
      overdue: bool.optional(),
      openAlerts: bool.optional(),
      risk: panelRiskFilter.optional(),
      adherence: z.enum(adherenceLevels).optional().describe('poor：依从性差（近30天 <80%）'),
      page: z.coerce.number().int().min(1).default(1),
      pageSize: z.coerce.number().int().min(1).max(100).default(20),
    }),
    response: panelPageView,
    errors: ['access_denied'],
    handler: async ({ query, ctx, deps }) => {
      const { institutionId, teamId } = ownTeam(ctx);
      await authorize({ deps, ctx }, 'team.panel.read', { kind: 'team', institutionId, teamId }, { view: 'panel', ...query });
      return teamPanel(deps, institutionId, teamId, query);
    },
  }),
  defineRoute({
    operationId: 'staff.notices',
    method: 'get',
    path: '/api/staff/notices',
    summary: '（家庭医生）我的工作通知，如超过 24 小时未处理、已升级给团队长的预警',
    tags: ['staff', 'panel'],
    auth: 'session',
    query: z.object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) }),
    response: staffNoticePageView,
    errors: ['access_denied'],
    handler: async ({ query, ctx, deps }) => {
      const { actor, institutionId, teamId } = ownTeam(ctx);
      await authorize({ deps, ctx }, 'team.panel.read', { kind: 'team', institutionId, teamId }, { view: 'notices' });
      const { total, items: notices } = await staffNoticePage(deps, actor.accountId, query);
      return {
        total,
        notices: notices.map(presentStaffNotice),
      };
    },
  }),
  defineRoute({
    operationId: 'staff.markNoticeRead',
    method: 'post',
    path: '/api/staff/notices/:noticeId/read',
    summary: '（家庭医生）将自己的一条工作通知标记为已读（重复标记不改变首次已读时间）',
    tags: ['staff', 'panel'],
    auth: 'session',
    params: z.object({ noticeId: objectId }),
    response: staffNoticeReadView,
    errors: ['access_denied', 'notice_not_found'],
    handler: async ({ params, ctx, deps }) => {
      const { actor, institutionId, teamId } = ownTeam(ctx);
      await authorize({ deps, ctx }, 'team.panel.read', { kind: 'team', institutionId, teamId }, { view: 'notices', noticeId: params.noticeId, step: 'read' });
      const notice = await staffNoticeReadMarker(deps, actor.accountId, params.noticeId);
      if (!notice) throw notFound('notice_not_found');
      return { notice: presentStaffNotice(notice) };
    },
  }),
  defineRoute({
    operationId: 'staff.revealResidentPhone',
    method: 'post',
    path: '/api/staff/residents/:residentId/phone',
    summary: '（家庭医生）查看本团队居民的手机号以便电话联系（记录审计日志，需说明原因或预警）',
    tags: ['staff', 'panel'],
    auth: 'session',
    params: z.object({ residentId: objectId }),
    body: z.object({ alertId: objectId.optional(), reason: z.string().trim().min(1).max(200).default('预警电话联系') }),
    response: residentPhoneView,
    errors: ['access_denied', 'resident_phone_missing'],
    handler: async ({ params, body, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.phone.reveal', params.residentId, { field: 'phone', alertId: body.alertId ?? null, reason: body.reason });
      if (!resident.phoneEncrypted) throw unprocessable('resident_phone_missing');
      return { residentId: params.residentId, phone: decryptField(deps.config.crypto, 'phone', resident.phoneEncrypted) };
    },
  }),
];
