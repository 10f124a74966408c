import { z } from 'zod';
import { residentAvailabilityView, slotView } from '../../shared/api/followups';
import { addCalendarDays, shanghaiDate } from '../../shared/time/shanghai';
import { authorize, authorizeForResident, requireAccountActor } from '../authz/authorize';
import { dueKindLabels, placesForKind, visitPlaces } from '../../shared/followup/labels';
import { residentAvailability, SLOT_CAPACITY_MAX, slotPublisher, teamSlots, timeOfDayPattern } from '../followups/availability';
import { presentSlot } from '../followups/presenters';
import { badRequest } from '../http/errors';
import { defineRoute, type ApiContext } from '../http/route';
import type { AppDeps } from '../deps';
import { day } from './followupSchemas';
import { residentIdParams } from './identitySchemas';

/**
 * Availability: a doctor publishes their own team's slots (`team.availability.manage`); residents,
 * proxies with `book` and the team read the resident's team's open slots (`resident.followups.book`).
 */
export async function authorizeOwnTeam(deps: AppDeps, ctx: ApiContext, action: 'team.availability.manage' | 'team.bookings.manage', what: Record<string, unknown>) {
  const actor = requireAccountActor(ctx);
  const team = { institutionId: actor.staff.institutionId ?? '', teamId: actor.staff.teamId ?? '' };
  await authorize({ deps, ctx }, action, { kind: 'team', ...team }, what);
  return { ...team, accountId: actor.accountId };
}

const time = z.string().regex(timeOfDayPattern, '时间格式应为 HH:mm');

export const availabilityRoutes = [
  defineRoute({
    operationId: 'staff.publishSlot',
    method: 'post',
    path: '/api/staff/availability',
    summary: '（家庭医生）为本团队发布一个可预约时段：门诊 / 上门 / 电话，日期、时间段、名额',
    tags: ['staff', 'followups'],
    auth: 'session',
    body: z.object({ place: z.enum(visitPlaces as ['clinic', 'home', 'phone']), date: day, startTime: time, endTime: time, capacity: z.number().int().min(1).max(SLOT_CAPACITY_MAX), note: z.string().trim().max(60).optional() }),
    response: z.object({ slot: slotView }),
    successStatus: 201,
    errors: ['access_denied', 'slot_time_invalid', 'validation_failed'],
    handler: async ({ body, ctx, deps }) => {
      const team = await authorizeOwnTeam(deps, ctx, 'team.availability.manage', { date: body.date, place: body.place });
      return { slot: presentSlot(await slotPublisher(deps, team, body)) };
    },
  }),
  defineRoute({
    operationId: 'staff.listSlots',
    method: 'get',
    path: '/api/staff/availability',
    summary: '（家庭医生）本团队的时段及已约人数，默认今天起14天',
    tags: ['staff', 'followups'],
    auth: 'session',
    query: z.object({ from: day.optional(), to: day.optional() }),
    response: z.object({ from: z.string(), to: z.string(), slots: z.array(slotView) }),
    errors: ['access_denied', 'validation_failed', 'date_range_invalid'],
    handler: async ({ query, ctx, deps }) => {
      const team = await authorizeOwnTeam(deps, ctx, 'team.availability.manage', { list: true });
      const from = query.from ?? shanghaiDate(deps.clock.now());
      const to = query.to ?? addCalendarDays(from, 14);
      if (to < from) throw badRequest('date_range_invalid', { from, to });
      return { from, to, slots: (await teamSlots(deps, team.teamId, from, to)).map(presentSlot) };
    },
  }),
  defineRoute({
    operationId: 'residents.availability',
    method: 'get',
    path: '/api/residents/:residentId/availability',
    summary: '居民所属家庭医生团队今后14天可预约的时段（含剩余名额），以及每类待办可用的方式和订阅消息模板',
    tags: ['followups'],
    auth: 'session',
    params: residentIdParams,
    response: residentAvailabilityView,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.followups.book', params.residentId, { followups: 'availability' });
      const slots = await residentAvailability(deps, resident);
      const cfg = deps.config.followups;
      return {
        slots: slots.map(presentSlot),
        placesForKind: placesForKind as Record<string, string[]>,
        kindLabels: dueKindLabels,
        reminderTemplateIds: [cfg.bookingReminderTemplateId, cfg.dueReminderTemplateId],
        cancelCutoffHours: cfg.cancelCutoffMs / 3_600_000,
      };
    },
  }),
];
