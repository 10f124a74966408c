import { z } from 'zod';
import { requireAccountActor } from '../authz/authorize';
import { activeSessionsOf, allSessionsRevoker, sessionRevoker } from '../auth/sessions';
import { consentHistoryOf, consentStateOf } from '../identity/consentRecorder';
import { activeLinksOfProxy, linksOfProxy, linksOfResident, presentProxyLink } from '../identity/proxyLinks';
import { presentResidentProfile } from '../identity/residentArchive';
import { residentById, residentNamesOf } from '../identity/residentReader';
import { notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { consentHistoryView, meProfileView, meSessionsView, proxyLinksView, sessionRevokedView, sessionsRevokedView, type ProxyScope } from '../../shared/api/identity';
import { objectId } from '../../shared/api/formats';

/** "我的": everything here is about the caller's own account, so no subject to authorize. */
export const meRoutes = [
  defineRoute({
    operationId: 'me.profile',
    method: 'get',
    path: '/api/me/profile',
    summary: '我的：账号、授权状态、绑定的档案（脱敏）和可代办的居民',
    tags: ['me'],
    auth: 'session',
    response: meProfileView,
    handler: async ({ ctx, deps }) => {
      const actor = requireAccountActor(ctx);
      const resident = actor.residentId ? await residentById(deps, actor.residentId) : null;
      const links = await activeLinksOfProxy(deps, actor.accountId);
      const names = await residentNamesOf(deps, links.map((l) => l.residentId));
      return {
        accountId: actor.accountId,
        roles: actor.roles,
        staff: actor.staff,
        consents: await consentStateOf(deps, actor.accountId),
        resident: resident ? presentResidentProfile(deps, resident, 'self') : null,
        actingFor: links.map((l) => ({
          linkId: String(l._id),
          residentId: String(l.residentId),
          residentName: names.get(String(l.residentId)) ?? '',
          relationship: l.relationship ?? null,
          scopes: l.scopes as ProxyScope[],
        })),
      };
    },
  }),
  defineRoute({
    operationId: 'me.consentHistory',
    method: 'get',
    path: '/api/me/consents',
    summary: '我的授权记录（同意、拒绝、撤回，含版本和时间）',
    tags: ['me'],
    auth: 'session',
    response: consentHistoryView,
    handler: async ({ ctx, deps }) => {
      const actor = requireAccountActor(ctx);
      return { entries: await consentHistoryOf(deps, actor.accountId) };
    },
  }),
  defineRoute({
    operationId: 'me.sessions',
    method: 'get',
    path: '/api/me/sessions',
    summary: '我的登录设备',
    tags: ['me'],
    auth: 'session',
    response: meSessionsView,
    handler: async ({ ctx, deps }) => {
      const actor = requireAccountActor(ctx);
      const sessions = await activeSessionsOf(deps, actor.accountId);
      return {
        sessions: sessions.map((s) => ({
          sessionId: String(s._id),
          createdAt: s.createdAt,
          lastSeenAt: s.lastSeenAt,
          expiresAt: s.expiresAt,
          userAgent: s.userAgent ?? '',
          current: String(s._id) === actor.sessionId,
        })),
      };
    },
  }),
  defineRoute({
    operationId: 'me.revokeSession',
    method: 'delete',
    path: '/api/me/sessions/:sessionId',
    summary: '退出某台设备的登录',
    tags: ['me'],
    auth: 'session',
    params: z.object({ sessionId: objectId }),
    response: sessionRevokedView,
    errors: ['session_not_found'],
    handler: async ({ params, ctx, deps }) => {
      const actor = requireAccountActor(ctx);
      // Only the caller's own sessions match; someone else's id is indistinguishable from an unknown one.
      if (!(await sessionRevoker(deps, actor.accountId, params.sessionId))) throw notFound('session_not_found');
      return { revoked: true as const };
    },
  }),
  defineRoute({
    operationId: 'me.revokeAllSessions',
    method: 'post',
    path: '/api/me/sessions/revoke-all',
    summary: '退出所有设备的登录（含当前设备，除非 keepCurrent）',
    tags: ['me'],
    auth: 'session',
    body: z.object({ keepCurrent: z.boolean().default(false) }),
    response: sessionsRevokedView,
    handler: async ({ body, ctx, deps }) => {
      const actor = requireAccountActor(ctx);
      return { revokedCount: await allSessionsRevoker(deps, actor.accountId, body.keepCurrent ? actor.sessionId : null) };
    },
  }),
  defineRoute({
    operationId: 'me.proxyLinks',
    method: 'get',
    path: '/api/me/proxy-links',
    summary: '代办关系：谁在代办我（我是居民）和我在代办谁（我是家属）',
    tags: ['me', 'proxy'],
    auth: 'session',
    response: proxyLinksView,
    handler: async ({ ctx, deps }) => {
      const actor = requireAccountActor(ctx);
      const asResident = actor.residentId ? await linksOfResident(deps, actor.residentId) : [];
      const asProxy = await linksOfProxy(deps, actor.accountId);
      const names = await residentNamesOf(deps, [...asResident, ...asProxy].map((l) => l.residentId));
      const present = (l: (typeof asProxy)[number]) => presentProxyLink(l, { residentName: names.get(String(l.residentId)) ?? null });
      return { asResident: asResident.map(present), asProxy: asProxy.map(present) };
    },
  }),
];
