import { Types } from 'mongoose';
import { z } from 'zod';
import { requireAccountActor } from '../authz/authorize';
import { consentStateOf } from '../identity/consentRecorder';
import { presentProxyLink } from '../identity/proxyLinks';
import { presentResidentProfile } from '../identity/residentArchive';
import type { AppDeps } from '../deps';
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
      const resident = actor.residentId ? await deps.models.Resident.findById(actor.residentId).lean() : null;
      const links = await deps.models.ProxyLink.find({ proxyAccountId: new Types.ObjectId(actor.accountId), status: 'active' }).sort({ createdAt: 1 }).lean();
      const names = await residentNames(deps, links.map((l) => l.residentId));
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
      const entries = await deps.models.Consent.find({ accountId: new Types.ObjectId(actor.accountId) }).sort({ at: -1, _id: -1 }).limit(200).lean();
      return { entries: entries.map((e) => ({ document: e.document, version: e.version, decision: e.decision, at: e.at })) };
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
      const sessions = await deps.models.Session.find({ accountId: new Types.ObjectId(actor.accountId), revokedAt: null, expiresAt: { $gt: deps.clock.now() } })
        .sort({ createdAt: -1 })
        .limit(50)
        .lean();
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
      const result = await deps.models.Session.updateOne(
        { _id: new Types.ObjectId(params.sessionId), accountId: new Types.ObjectId(actor.accountId), revokedAt: null },
        { $set: { revokedAt: deps.clock.now() } },
      );
      if (result.modifiedCount !== 1) throw notFound('session_not_found');
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
      const result = await deps.models.Session.updateMany(
        { accountId: new Types.ObjectId(actor.accountId), revokedAt: null, ...(body.keepCurrent ? { _id: { $ne: new Types.ObjectId(actor.sessionId) } } : {}) },
        { $set: { revokedAt: deps.clock.now() } },
      );
      return { revokedCount: result.modifiedCount };
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
      const asResident = actor.residentId ? await deps.models.ProxyLink.find({ residentId: new Types.ObjectId(actor.residentId) }).sort({ createdAt: -1 }).limit(100).lean() : [];
      const asProxy = await deps.models.ProxyLink.find({ proxyAccountId: new Types.ObjectId(actor.accountId) }).sort({ createdAt: -1 }).limit(100).lean();
      const names = await residentNames(deps, [...asResident, ...asProxy].map((l) => l.residentId));
      const present = (l: (typeof asProxy)[number]) => presentProxyLink(l, { residentName: names.get(String(l.residentId)) ?? null });
      return { asResident: asResident.map(present), asProxy: asProxy.map(present) };
    },
  }),
];

async function residentNames(deps: AppDeps, ids: Types.ObjectId[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const residents = await deps.models.Resident.find({ _id: { $in: ids } }, { name: 1 }).lean();
  return new Map(residents.map((r) => [String(r._id), r.name]));
}

