import { z } from 'zod';
import { institutionLevels } from '../../shared/comanagement/referrals';
import { authorize, requireAccountActor } from '../authz/authorize';
import { defineRoute } from '../http/route';
import { institutionCreator, institutionUpdater, presentInstitution, presentTeam, teamCreator, teamUpdater } from '../admin/organisation';
import { institutionPage, teamPage } from '../admin/organisationReader';

/**
 * Programme administration of institutions and doctor teams (`programme.organisation.manage`,
 * admins only; every call audited by `authorize`). Lists are paginated.
 */
const orgId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '编号只能包含字母、数字、- 和 _');
const target = z.number().int().min(0).max(100_000_000).nullable();
/** A team's service number as residents dial it: digits with optional '-' (landline) or '+'. */
const teamPhone = z.string().regex(/^\+?[0-9][0-9-]{4,19}$/, '请填写团队服务电话，如 010-65000001').nullable().describe('团队服务电话，居民首页「联系家庭医生」拨打此号码');
const member = z.object({ accountId: z.string().regex(/^[a-f0-9]{24}$/), name: z.string().trim().min(1).max(50), role: z.enum(['specialist', 'gp', 'publicHealth', 'villageDoctor', 'healthAssistant']), lead: z.boolean().optional() });
const page = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) };
const level = z.enum(institutionLevels).describe('primary 基层医疗机构 / county 县级医院 / city 市级医院（上级医院的专科医生共管、接收转诊）');
const area = {
  areaType: z.enum(['urban', 'rural']).nullable().optional().describe('辖区居民居住地：城市 / 农村（居民未单独登记时用于心血管风险评估）'),
  region: z.enum(['north', 'south']).nullable().optional().describe('长江以北 / 以南（同上）'),
};
const institutionView = z.object({
  institutionId: z.string(),
  name: z.string(),
  targetPopulation: z.number().nullable(),
  level,
  areaType: z.enum(['urban', 'rural']).nullable(),
  region: z.enum(['north', 'south']).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const teamView = z.object({
  teamId: z.string(),
  institutionId: z.string(),
  name: z.string(),
  targetPopulation: z.number().nullable(),
  phone: z.string().nullable(),
  members: z.array(z.object({ accountId: z.string(), name: z.string(), role: z.string(), lead: z.boolean() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const manage = 'programme.organisation.manage' as const;

export const adminInstitutionRoutes = [
  defineRoute({
    operationId: 'admin.institutions.create',
    method: 'post',
    path: '/api/admin/institutions',
    summary: '（管理员）登记医疗机构（基层或上级医院）、签约目标人群数及辖区居住地（城市/农村、长江以北/以南）',
    tags: ['admin', 'organisation'],
    auth: 'session',
    body: z.object({ institutionId: orgId, name: z.string().trim().min(1).max(100), targetPopulation: target.optional(), level: level.optional(), ...area }),
    response: institutionView,
    successStatus: 201,
    links: { update: { operationId: 'admin.institutions.update', parameters: { institutionId: '$response.body#/data/institutionId' } } },
    errors: ['access_denied', 'institution_already_exists'],
    handler: async ({ body, ctx, deps }) => {
      await authorize({ deps, ctx }, manage, { kind: 'programme' }, { step: 'institution.create', institutionId: body.institutionId, targetPopulation: body.targetPopulation ?? null });
      return institutionCreator(deps, body, requireAccountActor(ctx).accountId);
    },
  }),
  defineRoute({
    operationId: 'admin.institutions.list',
    method: 'get',
    path: '/api/admin/institutions',
    summary: '（管理员）机构列表（分页）',
    tags: ['admin', 'organisation'],
    auth: 'session',
    query: z.object(page),
    response: z.object({ total: z.number(), page: z.number(), pageSize: z.number(), institutions: z.array(institutionView) }),
    errors: ['access_denied'],
    handler: async ({ query, ctx, deps }) => {
      await authorize({ deps, ctx }, manage, { kind: 'programme' }, { step: 'institution.list', page: query.page });
      const { total, items } = await institutionPage(deps, query);
      return { total, page: query.page, pageSize: query.pageSize, institutions: items.map(presentInstitution) };
    },
  }),
  defineRoute({
    operationId: 'admin.institutions.update',
    method: 'patch',
    path: '/api/admin/institutions/:institutionId',
    summary: '（管理员）修改机构名称或签约目标人群数',
    tags: ['admin', 'organisation'],
    auth: 'session',
    params: z.object({ institutionId: orgId }),
    body: z.object({ name: z.string().trim().min(1).max(100).optional(), targetPopulation: target.optional(), ...area }),
    response: institutionView,
    errors: ['access_denied', 'institution_not_found'],
    handler: async ({ params, body, ctx, deps }) => {
      await authorize({ deps, ctx }, manage, { kind: 'programme' }, { step: 'institution.update', institutionId: params.institutionId, ...body });
      return institutionUpdater(deps, params.institutionId, body);
    },
  }),
  defineRoute({
    operationId: 'admin.teams.create',
    method: 'post',
    path: '/api/admin/teams',
    summary: '（管理员）登记家庭医生团队、成员（可标记团队长）及签约目标人群数',
    tags: ['admin', 'organisation'],
    auth: 'session',
    body: z.object({ teamId: orgId, institutionId: orgId, name: z.string().trim().min(1).max(100), targetPopulation: target.optional(), phone: teamPhone.optional(), members: z.array(member).max(50).optional() }),
    response: teamView,
    successStatus: 201,
    links: { update: { operationId: 'admin.teams.update', parameters: { teamId: '$response.body#/data/teamId' } } },
    errors: ['access_denied', 'institution_not_found', 'team_already_exists', 'team_lead_count_invalid'],
    handler: async ({ body, ctx, deps }) => {
      await authorize({ deps, ctx }, manage, { kind: 'programme' }, { step: 'team.create', teamId: body.teamId, institutionId: body.institutionId, members: body.members?.length ?? 0 });
      return teamCreator(deps, body, requireAccountActor(ctx).accountId);
    },
  }),
  defineRoute({
    operationId: 'admin.teams.list',
    method: 'get',
    path: '/api/admin/teams',
    summary: '（管理员）团队列表（分页，可按机构筛选）',
    tags: ['admin', 'organisation'],
    auth: 'session',
    query: z.object({ institutionId: orgId.optional(), ...page }),
    response: z.object({ total: z.number(), page: z.number(), pageSize: z.number(), teams: z.array(teamView) }),
    errors: ['access_denied'],
    handler: async ({ query, ctx, deps }) => {
      await authorize({ deps, ctx }, manage, { kind: 'programme' }, { step: 'team.list', institutionId: query.institutionId ?? null, page: query.page });
      const { total, items } = await teamPage(deps, query, query);
      return { total, page: query.page, pageSize: query.pageSize, teams: items.map(presentTeam) };
    },
  }),
  defineRoute({
    operationId: 'admin.teams.update',
    method: 'patch',
    path: '/api/admin/teams/:teamId',
    summary: '（管理员）修改团队名称、成员/团队长或签约目标人群数',
    tags: ['admin', 'organisation'],
    auth: 'session',
    params: z.object({ teamId: orgId }),
    body: z.object({ name: z.string().trim().min(1).max(100).optional(), targetPopulation: target.optional(), phone: teamPhone.optional(), members: z.array(member).max(50).optional() }),
    response: teamView,
    errors: ['access_denied', 'team_not_found', 'team_lead_count_invalid'],
    handler: async ({ params, body, ctx, deps }) => {
      await authorize({ deps, ctx }, manage, { kind: 'programme' }, { step: 'team.update', teamId: params.teamId, targetPopulation: body.targetPopulation, members: body.members?.length });
      return teamUpdater(deps, params.teamId, body);
    },
  }),
];
