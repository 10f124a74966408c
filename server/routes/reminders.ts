import { z } from 'zod';
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
    response: z.object({
      unreadCount: z.number().int(),
      upcoming: z
        .array(z.object({ key: z.string(), kind: z.string(), title: z.string(), body: z.string(), bookingId: z.string(), at: z.string().describe('将在此时发送') }))
        .describe('已预约的随访还没到发送时间的提醒，按时间先后'),
      reminders: z.array(
        z.object({
          reminderId: z.string(),
          kind: z.string(),
          title: z.string(),
          body: z.string(),
          bookingId: z.string().nullable(),
          dueItemKey: z.string().nullable(),
          doseKey: z.string().nullable().describe('服药提醒：哪一次服药'),
          createdAt: z.string(),
          read: z.boolean(),
          wechat: z.string(),
        }),
      ),
    }),
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
    response: z.object({ marked: z.number().int() }),
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.reminders.read', params.residentId, { reminders: 'markRead' });
      return markRemindersRead(deps, resident._id);
    },
  }),
];
