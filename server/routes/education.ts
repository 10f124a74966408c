import { z } from 'zod';
import {
  adminEducationItemListView,
  adminEducationItemView,
  classCheckInBody,
  classCheckInView,
  educationAssignmentBody,
  educationAssignmentView,
  educationCatalogueView,
  educationClassBody,
  educationClassView,
  educationItemBody,
  educationItemPatch,
  educationItemView,
  educationListView,
  quizAnswersBody,
  quizResultView,
} from '../../shared/api/education';
import { authorize, authorizeForResident, requireAccountActor } from '../authz/authorize';
import { classCheckIn, educationClassCreator, educationClassesReader } from '../education/classes';
import { educationCatalogueReader, educationItemCreator, educationItemPage, educationItemUpdater, presentAdminItem } from '../education/content';
import { educationAssigner, educationItemReader, educationListReader, quizSubmitter } from '../education/learning';
import { forbidden } from '../http/errors';
import { defineRoute, type ApiContext } from '../http/route';
import { objectId, residentIdParams } from './identitySchemas';

/**
 * Health education (server/education): the programme's content (admins), what residents read and
 * answer, the team's recommendations and offline classes. Passing a quiz or checking in at a class
 * earns the policy's education points within its monthly cap (server/passbook/eventConsumer.ts).
 */
const itemParams = z.object({ itemId: objectId });
const residentItemParams = residentIdParams.extend({ itemId: objectId });

function ownTeam(ctx: ApiContext) {
  const actor = requireAccountActor(ctx);
  const { institutionId, teamId } = actor.staff;
  if (!institutionId || !teamId) throw forbidden('access_denied');
  return { actor, institutionId, teamId };
}

export const educationRoutes = [
  defineRoute({
    operationId: 'admin.educationItems.create',
    method: 'post',
    path: '/api/admin/education-items',
    summary: '（管理员）新增健康教育内容（图文或短视频，附 3–5 道答题）',
    tags: ['admin', 'education'],
    auth: 'session',
    body: educationItemBody,
    response: adminEducationItemView,
    successStatus: 201,
    errors: ['access_denied', 'validation_failed', 'education_quiz_invalid'],
    handler: async ({ body, ctx, deps }) => {
      await authorize({ deps, ctx }, 'programme.education.manage', { kind: 'programme' }, { step: 'education.create', title: body.title, status: body.status });
      return presentAdminItem(await educationItemCreator(deps, body, requireAccountActor(ctx).accountId));
    },
  }),
  defineRoute({
    operationId: 'admin.educationItems.update',
    method: 'patch',
    path: '/api/admin/education-items/:itemId',
    summary: '（管理员）修改健康教育内容、答题，或上架/下架',
    tags: ['admin', 'education'],
    auth: 'session',
    params: itemParams,
    body: educationItemPatch,
    response: adminEducationItemView,
    errors: ['access_denied', 'education_item_not_found', 'education_quiz_invalid', 'education_item_edited_meanwhile'],
    handler: async ({ params, body, ctx, deps }) => {
      await authorize({ deps, ctx }, 'programme.education.manage', { kind: 'programme' }, { step: 'education.update', itemId: params.itemId, fields: Object.keys(body) });
      return presentAdminItem(await educationItemUpdater(deps, params.itemId, body));
    },
  }),
  defineRoute({
    operationId: 'admin.educationItems.list',
    method: 'get',
    path: '/api/admin/education-items',
    summary: '（管理员）健康教育内容列表（含草稿和已下架，分页）',
    tags: ['admin', 'education'],
    auth: 'session',
    query: z.object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) }),
    response: adminEducationItemListView,
    errors: ['access_denied'],
    handler: async ({ query, ctx, deps }) => {
      await authorize({ deps, ctx }, 'programme.education.manage', { kind: 'programme' }, { step: 'education.list', page: query.page });
      const { total, items } = await educationItemPage(deps, query);
      return { total, items: items.map(presentAdminItem) };
    },
  }),
  defineRoute({
    operationId: 'residents.education',
    method: 'get',
    path: '/api/residents/:residentId/education',
    summary: '健康知识：医生推荐的在前，适合居民病种的其次；本月已完成几次、几次可得积分',
    tags: ['education'],
    auth: 'session',
    params: residentIdParams,
    response: educationListView,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.education.read', params.residentId, { view: 'educationList' });
      return educationListReader(deps, resident);
    },
  }),
  defineRoute({
    operationId: 'residents.educationItem',
    method: 'get',
    path: '/api/residents/:residentId/education/:itemId',
    summary: '一篇健康知识（图文或短视频）及其答题（不含答案）',
    tags: ['education'],
    auth: 'session',
    params: residentItemParams,
    response: educationItemView,
    errors: ['access_denied', 'education_item_not_found'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.education.read', params.residentId, { view: 'educationItem', itemId: params.itemId });
      return educationItemReader(deps, resident, params.itemId);
    },
  }),
  defineRoute({
    operationId: 'residents.educationQuiz',
    method: 'post',
    path: '/api/residents/:residentId/education/:itemId/quiz',
    summary: '（居民本人）提交答题：全部答对算完成一次健康教育，按积分规则得分（每月有上限）；答错可以再答',
    tags: ['education'],
    auth: 'session',
    params: residentItemParams,
    body: quizAnswersBody,
    response: quizResultView,
    errors: ['access_denied', 'education_item_not_found'],
    handler: async ({ params, body, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.education.complete', params.residentId, { step: 'quiz', itemId: params.itemId });
      return quizSubmitter(deps, resident, params.itemId, body.answers);
    },
  }),
  defineRoute({
    operationId: 'residents.educationCheckIn',
    method: 'post',
    path: '/api/residents/:residentId/education-classes/check-in',
    summary: '（居民本人）扫描讲座现场二维码签到：算完成一次健康教育（每月有上限）',
    tags: ['education'],
    auth: 'session',
    params: residentIdParams,
    body: classCheckInBody,
    response: classCheckInView,
    errors: ['access_denied', 'education_class_code_invalid', 'education_class_not_open'],
    handler: async ({ params, body, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.education.complete', params.residentId, { step: 'classCheckIn' });
      return classCheckIn(deps, resident._id, body.code);
    },
  }),
  defineRoute({
    operationId: 'staff.assignEducation',
    method: 'post',
    path: '/api/staff/residents/:residentId/education-assignments',
    summary: '（家庭医生）给本团队居民推荐一篇健康知识（居民的列表里排在最前，并收到通知）',
    tags: ['education', 'staff'],
    auth: 'session',
    params: residentIdParams,
    body: educationAssignmentBody,
    response: educationAssignmentView,
    successStatus: 201,
    errors: ['access_denied', 'education_item_not_found'],
    handler: async ({ params, body, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.education.assign', params.residentId, { itemId: body.itemId });
      return educationAssigner(deps, { resident, itemId: body.itemId, accountId: requireAccountActor(ctx).accountId, note: body.note ?? null });
    },
  }),
  defineRoute({
    operationId: 'staff.educationCatalogue',
    method: 'get',
    path: '/api/staff/education-items',
    summary: '（家庭医生）可以推荐给居民的健康知识（已上架）',
    tags: ['education', 'staff'],
    auth: 'session',
    response: educationCatalogueView,
    errors: ['access_denied'],
    handler: async ({ ctx, deps }) => {
      const { institutionId, teamId } = ownTeam(ctx);
      await authorize({ deps, ctx }, 'team.education.manage', { kind: 'team', institutionId, teamId }, { view: 'catalogue' });
      return { items: await educationCatalogueReader(deps) };
    },
  }),
  defineRoute({
    operationId: 'staff.createEducationClass',
    method: 'post',
    path: '/api/staff/education-classes',
    summary: '（家庭医生）发布线下健康讲座，得到现场签到二维码',
    tags: ['education', 'staff'],
    auth: 'session',
    body: educationClassBody,
    response: educationClassView,
    successStatus: 201,
    errors: ['access_denied', 'education_class_time_invalid'],
    handler: async ({ body, ctx, deps }) => {
      const { actor, institutionId, teamId } = ownTeam(ctx);
      await authorize({ deps, ctx }, 'team.education.manage', { kind: 'team', institutionId, teamId }, { step: 'class.create', title: body.title, startsAt: body.startsAt });
      return educationClassCreator(deps, { institutionId, teamId, accountId: actor.accountId, ...body });
    },
  }),
  defineRoute({
    operationId: 'staff.educationClasses',
    method: 'get',
    path: '/api/staff/education-classes',
    summary: '（家庭医生）本团队的健康讲座（近 30 天及以后）、签到二维码和签到人数',
    tags: ['education', 'staff'],
    auth: 'session',
    response: z.object({ classes: z.array(educationClassView) }),
    errors: ['access_denied'],
    handler: async ({ ctx, deps }) => {
      const { institutionId, teamId } = ownTeam(ctx);
      await authorize({ deps, ctx }, 'team.education.manage', { kind: 'team', institutionId, teamId }, { view: 'classes' });
      return educationClassesReader(deps, institutionId, teamId);
    },
  }),
];
