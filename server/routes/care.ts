import { Types } from 'mongoose';
import { z } from 'zod';
import { familyNoticesSchema, urgentStatusSchema } from '../../shared/api/care';
import { authorizeForResident, requireAccountActor } from '../authz/authorize';
import { familyNoticesOf, urgentStatusOf } from '../care/urgentAlerts';
import { defineRoute } from '../http/route';
import { residentIdParams } from './identitySchemas';

/**
 * The family care loop, addressed per resident like every resident route: the urgent-reading
 * status 首页 shows (the resident, a relative with `view`, their team), and a relative's own
 * notices about the resident. Decided by server/authz and audited for everyone but the resident.
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
    response: z.object({ marked: z.number().int() }),
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.familyNotices.read', params.residentId, { notices: 'markRead' });
      const own = { accountId: new Types.ObjectId(requireAccountActor(ctx).accountId), residentId: resident._id, readAt: null };
      const { modifiedCount } = await deps.models.CareNotice.updateMany(own, { $set: { readAt: deps.clock.now() } });
      return { marked: modifiedCount };
    },
  }),
];
