import { Types } from 'mongoose';
import { familyNoticesMarkedSchema, familyNoticesSchema, familySharingBody, familySharingSchema, urgentStatusSchema, weeklySummariesSchema } from '../../shared/api/care';
import { authorizeForResident, requireAccountActor } from '../authz/authorize';
import { familyNoticesMarker } from '../care/careNotices';
import { familySharingUpdater, presentFamilySharing } from '../care/familySharing';
import { familyNoticesOf, urgentStatusOf } from '../care/urgentAlerts';
import { weeklySummariesOf } from '../care/weeklySummaries';
import { defineRoute } from '../http/route';
import { residentIdParams } from './identitySchemas';

/**
 * The family care loop, addressed per resident like every resident route: the urgent-reading
 * status 首页 shows (the resident, a relative with `view`, their team), a relative's own notices
 * about the resident, the weekly summaries (relatives only while the resident shares them) and
 * that sharing setting (the resident's alone). Decided by server/authz; audited.
 */
export const careRoutes = [
  defineRoute({
    operationId: 'care.urgentStatus',
    method: 'get',
    path: '/api/residents/:residentId/urgent-status',
    summary: '紧急读数的处理进度（首页横幅）：严重程度、现在怎么做、医生是否已确认、处理说明，以及家庭医生团队电话',
    tags: ['care', 'alerts'],
    auth: 'session',
    params: residentIdParams,
    response: urgentStatusSchema,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.records.read', params.residentId, { records: 'urgentStatus' });
      return urgentStatusOf(deps, resident);
    },
  }),
  defineRoute({
    operationId: 'care.familyNotices',
    method: 'get',
    path: '/api/residents/:residentId/family-notices',
    summary: '（家属）关于这位家人的通知：紧急读数、医生确认与处理说明、每周小结',
    tags: ['care', 'proxy'],
    auth: 'session',
    params: residentIdParams,
    response: familyNoticesSchema,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.familyNotices.read', params.residentId, { notices: 'list' });
      return familyNoticesOf(deps, requireAccountActor(ctx).accountId, resident._id);
    },
  }),
  defineRoute({
    operationId: 'care.markFamilyNoticesRead',
    method: 'post',
    path: '/api/residents/:residentId/family-notices/read',
    summary: '（家属）把关于这位家人的通知全部标为已读',
    tags: ['care', 'proxy'],
    auth: 'session',
    params: residentIdParams,
    response: familyNoticesMarkedSchema,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.familyNotices.read', params.residentId, { notices: 'markRead' });
      return { marked: await familyNoticesMarker(deps, new Types.ObjectId(requireAccountActor(ctx).accountId), resident._id) };
    },
  }),
  defineRoute({
    operationId: 'care.weeklySummaries',
    method: 'get',
    path: '/api/residents/:residentId/weekly-summaries',
    summary: '每周小结（最近8周）：记录次数、达标次数、得到的积分、下次随访；家属需居民同意分享',
    tags: ['care'],
    auth: 'session',
    params: residentIdParams,
    response: weeklySummariesSchema,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.weeklySummary.read', params.residentId, { records: 'weeklySummaries' });
      return weeklySummariesOf(deps, resident);
    },
  }),
  defineRoute({
    operationId: 'care.familySharing',
    method: 'get',
    path: '/api/residents/:residentId/family-sharing',
    summary: '（居民本人）与家属分享的内容：每周小结',
    tags: ['care', 'privacy'],
    auth: 'session',
    params: residentIdParams,
    response: familySharingSchema,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.familySharing.manage', params.residentId);
      return presentFamilySharing(resident);
    },
  }),
  defineRoute({
    operationId: 'care.updateFamilySharing',
    method: 'put',
    path: '/api/residents/:residentId/family-sharing',
    summary: '（居民本人）同意或停止把每周小结发给有“查看”权限的家属；每次更改都记录在案',
    tags: ['care', 'privacy'],
    auth: 'session',
    params: residentIdParams,
    body: familySharingBody,
    response: familySharingSchema,
    errors: ['access_denied', 'validation_failed'],
    handler: async ({ params, body, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.familySharing.manage', params.residentId, { weeklySummary: body.weeklySummary });
      return familySharingUpdater(deps, { residentId: resident._id, actor: requireAccountActor(ctx), weeklySummary: body.weeklySummary, requestId: ctx.state.requestId });
    },
  }),
];
