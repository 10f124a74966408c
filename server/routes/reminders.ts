import { remindersMarkedView, remindersView } from '../../shared/api/followups';
import { authorizeForResident } from '../authz/authorize';
import { defineRoute } from '../http/route';
import { markRemindersRead, residentReminders } from '../reminders/reminderReader';
import { residentIdParams } from './identitySchemas';

/** In-app reminders (bookings, due items): every reminder is here, whether or not WeChat delivered it. */
export const reminderRoutes = [
  defineRoute({
    operationId: 'residents.reminders',
    method: 'get',
    path: '/api/residents/:residentId/reminders',
    summary: '提醒：预约前一天、预约前2小时、待办到期、到点服药；还有已安排、尚未发送的提醒；未读数用于首页角标',
    tags: ['followups'],
    auth: 'session',
    params: residentIdParams,
    response: remindersView,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.reminders.read', params.residentId, { reminders: 'list' });
      return residentReminders(deps, resident._id);
    },
  }),
  defineRoute({
    operationId: 'residents.markRemindersRead',
    method: 'post',
    path: '/api/residents/:residentId/reminders/read',
    summary: '把提醒全部标为已读',
    tags: ['followups'],
    auth: 'session',
    params: residentIdParams,
    response: remindersMarkedView,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.reminders.read', params.residentId, { reminders: 'markRead' });
      return markRemindersRead(deps, resident._id);
    },
  }),
];
