import { z } from 'zod';
import { authorize, authorizeForResident, requireAccountActor } from '../authz/authorize';
import { proxyActivitySchema } from '../../shared/api/care';
import { auditEntriesReader } from '../identity/auditReader';
import { proxyActivityOf } from '../identity/proxyActivity';
import { invitationAcceptor, invitationIssuer } from '../identity/invitations';
import { findProxyLink, presentProxyLink, proxyLinkRevoker } from '../identity/proxyLinks';
import { presentResidentProfile, profileViewerOf } from '../identity/residentArchive';
import { residentNoticesReader, residentNoticeReadMarker } from '../identity/residentNotices';
import { residentNameOf } from '../identity/residentReader';
import { notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { auditEntryView, invitationView, proxyLinkResult, relationship, residentNoticeReadView, residentNoticesView, residentProfileResult, scopeList } from '../../shared/api/identity';
import { objectId } from '../../shared/api/formats';
import { residentIdParams } from './identitySchemas';

/**
 * Routes about one resident, addressed as /api/residents/:residentId/… . The resident uses their own
 * id; a proxy switching profile uses the id of the resident they act for. Every request is decided
 * by server/authz (proxy link and scope read afresh each time, so a revocation applies at once).
 */
export const residentRoutes = [
  defineRoute({
    operationId: 'residents.profile',
    method: 'get',
    path: '/api/residents/:residentId/profile',
    summary: '居民档案信息（身份证号和手机号脱敏）；家属需 view 权限',
    tags: ['residents'],
    auth: 'session',
    params: residentIdParams,
    response: residentProfileResult,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident, basis } = await authorizeForResident({ deps, ctx }, 'resident.profile.read', params.residentId, { fields: ['profile'] });
      return { resident: presentResidentProfile(deps, resident, profileViewerOf(basis)) };
    },
  }),
  defineRoute({
    operationId: 'residents.auditEntries',
    method: 'get',
    path: '/api/residents/:residentId/audit-entries',
    summary: '谁查看或代办了我的信息（家属代办记录、医生和管理员的访问）',
    tags: ['residents', 'privacy'],
    auth: 'session',
    params: residentIdParams,
    query: z.object({ actorKind: z.enum(['proxy', 'doctor', 'cashier', 'admin', 'integration', 'resident']).optional() }),
    response: z.object({ entries: z.array(auditEntryView) }),
    errors: ['access_denied'],
    handler: async ({ params, query, ctx, deps }) => {
      await authorizeForResident({ deps, ctx }, 'resident.auditLog.read', params.residentId);
      return { entries: await auditEntriesReader(deps, { residentId: params.residentId, actorKind: query.actorKind, limit: 200 }) };
    },
  }),
  defineRoute({
    operationId: 'residents.proxyActivity',
    method: 'get',
    path: '/api/residents/:residentId/proxy-activity',
    summary: '家人代办记录：最近90天，按天、按家人（女儿、儿子…）归并，写明做了什么、几次',
    tags: ['residents', 'privacy', 'proxy'],
    auth: 'session',
    params: residentIdParams,
    response: proxyActivitySchema,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.auditLog.read', params.residentId, { auditLog: 'proxyActivity' });
      return proxyActivityOf(deps, resident._id);
    },
  }),
  defineRoute({
    operationId: 'residents.notices',
    method: 'get',
    path: '/api/residents/:residentId/notices',
    summary: '站内通知（如家属代为抵扣积分）',
    tags: ['residents'],
    auth: 'session',
    params: residentIdParams,
    response: residentNoticesView,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      await authorizeForResident({ deps, ctx }, 'resident.notices.read', params.residentId);
      return { notices: await residentNoticesReader(deps, params.residentId) };
    },
  }),
  defineRoute({
    operationId: 'residents.markNoticeRead',
    method: 'post',
    path: '/api/residents/:residentId/notices/:noticeId/read',
    summary: '将一条站内通知标记为已读（仅本人；重复标记不改变首次已读时间）',
    tags: ['residents'],
    auth: 'session',
    params: residentIdParams.extend({ noticeId: objectId }),
    response: residentNoticeReadView,
    errors: ['access_denied', 'notice_not_found'],
    handler: async ({ params, ctx, deps }) => {
      await authorizeForResident({ deps, ctx }, 'resident.notices.read', params.residentId, { noticeId: params.noticeId, step: 'read' });
      const notice = await residentNoticeReadMarker(deps, params.residentId, params.noticeId);
      if (!notice) throw notFound('notice_not_found');
      return { notice };
    },
  }),
  defineRoute({
    operationId: 'residents.createInvitation',
    method: 'post',
    path: '/api/residents/:residentId/invitations',
    summary: '邀请家属代办：生成一次性邀请码和二维码（24小时内有效）',
    tags: ['residents', 'proxy'],
    auth: 'session',
    params: residentIdParams,
    body: z.object({ scopes: scopeList, relationship }),
    response: invitationView,
    successStatus: 201,
    errors: ['access_denied', 'validation_failed'],
    handler: async ({ params, body, ctx, deps }) => {
      await authorizeForResident({ deps, ctx }, 'resident.proxies.manage', params.residentId);
      return invitationIssuer(deps, { residentId: params.residentId, actor: requireAccountActor(ctx), scopes: body.scopes, relationship: body.relationship });
    },
  }),
];

export const proxyRoutes = [
  defineRoute({
    operationId: 'proxies.acceptInvitation',
    method: 'post',
    path: '/api/invitations/accept',
    summary: '家属在自己的小程序里接受邀请',
    tags: ['proxy'],
    auth: 'session',
    body: z.object({ code: z.string().min(1).max(40), relationship: relationship.describe('家属与居民的关系（如“女儿”）；邀请里没写时用这里的') }),
    response: proxyLinkResult,
    successStatus: 201,
    errors: ['invitation_code_invalid', 'invitation_expired', 'invitation_already_used', 'invitation_for_yourself', 'proxy_link_already_active', 'consent_required'],
    handler: async ({ body, ctx, deps }) => {
      const actor = requireAccountActor(ctx);
      const link = await invitationAcceptor(deps, { actor, code: body.code, relationship: body.relationship, requestId: ctx.state.requestId });
      return { link: presentProxyLink(link, { residentName: await residentNameOf(deps, link.residentId) }) };
    },
  }),
  defineRoute({
    operationId: 'proxies.revokeLink',
    method: 'post',
    path: '/api/proxy-links/:linkId/revoke',
    summary: '解除代办关系（居民或家属任一方），立即生效',
    tags: ['proxy'],
    auth: 'session',
    params: z.object({ linkId: objectId }),
    response: proxyLinkResult,
    errors: ['proxy_link_not_found', 'proxy_link_already_revoked', 'access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const link = await findProxyLink(deps, params.linkId);
      await authorize({ deps, ctx }, 'proxyLink.revoke', { kind: 'proxyLink', residentId: String(link.residentId), proxyAccountId: String(link.proxyAccountId) });
      const revoked = await proxyLinkRevoker(deps, { linkId: params.linkId, actor: requireAccountActor(ctx), requestId: ctx.state.requestId });
      return { link: presentProxyLink(revoked, {}) };
    },
  }),
];
