import { z } from 'zod';
import { authorize, authorizeForResident, requireAccountActor } from '../authz/authorize';
import { auditEntriesReader } from '../identity/auditReader';
import { presentProxyLink } from '../identity/proxyLinks';
import { revealResidentIdentifiers } from '../identity/residentArchive';
import { bindingCodeIssuer, inPersonProxyLinker, staffAssigner, verificationMethods } from '../identity/staffActions';
import { defineRoute } from '../http/route';
import { proxyLinkVerifiedView } from '../../shared/api/identity';
import { auditEntryView, date, objectId, relationship, residentIdParams, scopeList } from './identitySchemas';

/** Clinic staff and programme administration around identity. All decided by server/authz and audited. */
export const staffIdentityRoutes = [
  defineRoute({
    operationId: 'staff.issueBindingCode',
    method: 'post',
    path: '/api/staff/residents/:residentId/binding-codes',
    summary: '（机构医生）为居民打印一次性绑定码',
    tags: ['staff'],
    auth: 'session',
    params: residentIdParams,
    response: z.object({ code: z.string(), expiresAt: date }),
    successStatus: 201,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      await authorizeForResident({ deps, ctx }, 'resident.bindingCode.issue', params.residentId);
      return bindingCodeIssuer(deps, { residentId: params.residentId, actor: requireAccountActor(ctx) });
    },
  }),
  defineRoute({
    operationId: 'staff.createProxyLink',
    method: 'post',
    path: '/api/staff/residents/:residentId/proxy-links',
    summary: '（机构医生）现场核验后为无手机的居民添加家属代办人',
    tags: ['staff', 'proxy'],
    auth: 'session',
    params: residentIdParams,
    body: z.object({
      proxyAccountId: objectId,
      scopes: scopeList,
      relationship,
      verificationMethod: z.enum(verificationMethods),
      note: z.string().trim().max(200).optional(),
    }),
    response: proxyLinkVerifiedView,
    successStatus: 201,
    errors: ['access_denied', 'account_not_found', 'proxy_cannot_be_the_resident', 'proxy_link_already_active'],
    handler: async ({ params, body, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.proxyLink.createInPerson', params.residentId, {
        proxyAccountId: body.proxyAccountId,
        scopes: body.scopes,
        verificationMethod: body.verificationMethod,
      });
      const link = await inPersonProxyLinker(deps, { residentId: params.residentId, actor: requireAccountActor(ctx), ...body });
      return {
        link: presentProxyLink(link, { residentName: resident.name }),
        verifiedBy: String(link.createdBy.staffAccountId),
        verifiedAt: link.createdBy.verifiedAt ?? link.createdAt,
        verificationMethod: link.createdBy.verificationMethod ?? body.verificationMethod,
      };
    },
  }),
  defineRoute({
    operationId: 'staff.residentIdentity',
    method: 'get',
    path: '/api/staff/residents/:residentId/identity',
    summary: '（机构医生、管理员）查看完整身份证号和手机号，留痕审计',
    tags: ['staff', 'privacy'],
    auth: 'session',
    params: residentIdParams,
    response: z.object({ residentId: z.string(), name: z.string(), idNumber: z.string(), phone: z.string().nullable() }),
    errors: ['access_denied', 'resident_not_found'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.identity.readFull', params.residentId, { fields: ['idNumber', 'phone'] });
      return { residentId: String(resident._id), name: resident.name, ...revealResidentIdentifiers(deps, resident) };
    },
  }),
  defineRoute({
    operationId: 'admin.auditEntries',
    method: 'get',
    path: '/api/admin/audit-entries',
    summary: '（管理员）审计日志',
    tags: ['admin', 'privacy'],
    auth: 'session',
    query: z.object({ residentId: objectId.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
    response: z.object({ entries: z.array(auditEntryView) }),
    errors: ['access_denied'],
    handler: async ({ query, ctx, deps }) => {
      await authorize({ deps, ctx }, 'programme.audit.read', { kind: 'programme' }, { residentId: query.residentId ?? null });
      return { entries: await auditEntriesReader(deps, { residentId: query.residentId, limit: query.limit }) };
    },
  }),
  defineRoute({
    operationId: 'admin.assignStaff',
    method: 'post',
    path: '/api/admin/staff-assignments',
    summary: '（管理员）设置账号的工作人员角色：收银员（药店）、医生（机构、团队）、专科医生（上级医院、负责的基层机构）、管理员',
    tags: ['admin'],
    auth: 'session',
    body: z.discriminatedUnion('role', [
      z.object({ accountId: objectId, role: z.literal('cashier'), pharmacyId: z.string().min(1).max(64) }),
      z.object({ accountId: objectId, role: z.literal('doctor'), institutionId: z.string().min(1).max(64), teamId: z.string().min(1).max(64) }),
      z.object({
        accountId: objectId,
        role: z.literal('specialist'),
        institutionId: z.string().min(1).max(64).describe('专科医生所在的上级医院（县级或市级）'),
        coversInstitutionIds: z.array(z.string().min(1).max(64)).min(1).max(50).describe('分片包干：负责共管的基层医疗机构'),
      }),
      z.object({ accountId: objectId, role: z.literal('admin') }),
    ]),
    response: z.object({
      accountId: z.string(),
      roles: z.array(z.string()),
      staff: z.object({ institutionId: z.string().optional(), teamId: z.string().optional(), pharmacyId: z.string().optional(), coversInstitutionIds: z.array(z.string()).optional() }),
    }),
    errors: ['access_denied', 'account_not_found', 'specialist_assignment_invalid'],
    handler: async ({ body, ctx, deps }) => {
      await authorize({ deps, ctx }, 'programme.staff.assign', { kind: 'programme' }, { accountId: body.accountId, role: body.role });
      return staffAssigner(deps, body);
    },
  }),
];
