import { Types } from 'mongoose';
import { z } from 'zod';
import { bookingView, dueItemsView, followUpHistoryView, residentFollowUpRecordedView } from '../../shared/api/followups';
import { dueKindLabels, placesForKind, type VisitPlace } from '../../shared/followup/labels';
import { shanghaiDate } from '../../shared/time/shanghai';
import { authorize, authorizeForResident, requireAccountActor } from '../authz/authorize';
import type { AppDeps } from '../deps';
import { bookingById, bookingsOfDueItems } from '../followups/bookings';
import { dueItemsOf } from '../followups/dueItems';
import { followUpHistoryReader } from '../followups/followUpHistory';
import { presentBooking } from '../followups/presenters';
import { attendanceMarker, followUpRecorder, residentFollowUpRecorder, teamBookingsOn } from '../followups/staffDesk';
import { forbidden, notFound } from '../http/errors';
import { defineRoute, type ApiContext } from '../http/route';
import { followUpBody } from '../integration/recordSchemas';
import { authorizeOwnTeam } from './availability';
import { bookingIdParams, day } from './followupSchemas';
import { residentIdParams } from './identitySchemas';

/**
 * What is due (with its booking, if any), the follow-up history, and the doctor team's desk:
 * the day's bookings, attendance, and recording the follow-up (随访服务记录表) of a booking or, without
 * one (a phone follow-up), of a resident of the team.
 */
/** The booking, authorized for the doctor of its team; an unknown id is 404 only for doctors. */
async function loadTeamBooking(deps: AppDeps, ctx: ApiContext, bookingId: string, what: Record<string, unknown>) {
  const booking = await bookingById(deps, bookingId);
  if (!booking || booking.status === 'abandoned') {
    if (requireAccountActor(ctx).roles.includes('doctor')) throw notFound('booking_not_found');
    throw forbidden('access_denied');
  }
  await authorize({ deps, ctx }, 'team.bookings.manage', { kind: 'team', institutionId: booking.institutionId, teamId: booking.teamId }, { bookingId, ...what });
  return booking;
}

/** The 随访服务记录表 as staff enter it: the integration API's form without the archive reference. */
const staffFollowUpFields = followUpBody.omit({ residentSourceId: true, visitedOn: true, mode: true });
const staffFollowUpBody = staffFollowUpFields.extend({
  visitedOn: day.optional().describe('默认：预约日期'),
  mode: z.enum(['clinic', 'home', 'phone']).optional().describe('默认：预约的方式'),
});
const residentFollowUpBody = staffFollowUpFields.extend({
  clientRecordId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64位字母、数字、- 或 _')
    .describe('客户端生成的记录编号（如 UUID）；重试时保持不变，服务端据此去重'),
  visitedOn: day.optional().describe('默认：今天'),
  mode: z.enum(['clinic', 'home', 'phone']).default('phone').describe('1 门诊 / 2 家庭 / 3 电话；默认：电话'),
});

export const followupRoutes = [
  defineRoute({
    operationId: 'residents.dueItems',
    method: 'get',
    path: '/api/residents/:residentId/due-items',
    summary: '待办事项（随访、复查、体检、续约）：截止日期、是否超期、可用的方式、已有的预约',
    tags: ['followups'],
    auth: 'session',
    params: residentIdParams,
    response: dueItemsView,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.followups.read', params.residentId, { followups: 'dueItems' });
      const now = deps.clock.now();
      const items = await dueItemsOf(deps, resident);
      const byKey = await bookingsOfDueItems(deps, resident, items.map((i) => i.key));
      return {
        today: shanghaiDate(now),
        items: items.map((item) => {
          const booking = byKey.get(item.key);
          return {
            key: item.key,
            kind: item.kind,
            kindLabel: dueKindLabels[item.kind],
            dueBy: item.dueBy,
            status: item.status,
            reason: item.reason,
            referralFlag: item.referralFlag === true,
            places: [...placesForKind[item.kind]],
            booking: booking ? presentBooking(booking, now, deps.config.followups.cancelCutoffMs) : null,
          };
        }),
      };
    },
  }),
  defineRoute({
    operationId: 'residents.followUpHistory',
    method: 'get',
    path: '/api/residents/:residentId/follow-ups',
    summary: '随访记录：每次随访的方式、分类（控制满意/不满意/不良反应/并发症）、血压和医生的指导',
    tags: ['followups'],
    auth: 'session',
    params: residentIdParams,
    response: followUpHistoryView,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.followups.read', params.residentId, { followups: 'history' });
      return { followUps: await followUpHistoryReader(deps, resident) };
    },
  }),
  defineRoute({
    operationId: 'staff.bookingsOfDay',
    method: 'get',
    path: '/api/staff/bookings',
    summary: '（家庭医生）本团队某一天的预约（默认今天），含居民姓名和到诊情况',
    tags: ['staff', 'followups'],
    auth: 'session',
    query: z.object({ date: day.optional() }),
    response: z.object({ date: z.string(), bookings: z.array(bookingView.extend({ residentName: z.string() })) }),
    errors: ['access_denied'],
    handler: async ({ query, ctx, deps }) => {
      const team = await authorizeOwnTeam(deps, ctx, 'team.bookings.manage', { date: query.date ?? null });
      const now = deps.clock.now();
      const date = query.date ?? shanghaiDate(now);
      const rows = await teamBookingsOn(deps, team.teamId, date);
      return { date, bookings: rows.map(({ booking, residentName }) => ({ ...presentBooking(booking, now, deps.config.followups.cancelCutoffMs), residentName })) };
    },
  }),
  ...(['attended', 'noShow'] as const).map((outcome) =>
    defineRoute({
      operationId: outcome === 'attended' ? 'staff.markAttended' : 'staff.markNoShow',
      method: 'post',
      path: `/api/staff/bookings/:bookingId/${outcome === 'attended' ? 'attended' : 'no-show'}`,
      summary: outcome === 'attended' ? '（家庭医生）登记到诊' : '（家庭医生）登记爽约：释放名额，这项待办可以重新预约',
      tags: ['staff', 'followups'],
      auth: 'session',
      params: bookingIdParams,
      response: z.object({ booking: bookingView }),
      errors: ['access_denied', 'booking_not_found', 'booking_not_active', 'booking_not_today_or_past', 'booking_busy'],
      handler: async ({ params, ctx, deps }) => {
        await loadTeamBooking(deps, ctx, params.bookingId, { attendance: outcome });
        const booking = await attendanceMarker(deps, { bookingId: new Types.ObjectId(params.bookingId), outcome, accountId: requireAccountActor(ctx).accountId });
        return { booking: presentBooking(booking, deps.clock.now(), deps.config.followups.cancelCutoffMs) };
      },
    }),
  ),
  defineRoute({
    operationId: 'staff.recordFollowUp',
    method: 'post',
    path: '/api/staff/bookings/:bookingId/follow-up',
    summary: '（家庭医生）登记这次预约的随访服务记录表（分类、下次随访日期、指导）：完成待办，并记录随访事件（积分用）',
    tags: ['staff', 'followups'],
    auth: 'session',
    params: bookingIdParams,
    body: staffFollowUpBody,
    response: z.object({ followUpId: z.string(), created: z.boolean(), booking: bookingView }),
    successStatus: 201,
    errors: ['access_denied', 'booking_not_found', 'booking_not_active', 'follow_up_already_recorded', 'record_implausible', 'validation_failed'],
    handler: async ({ params, body, ctx, deps }) => {
      const booking = await loadTeamBooking(deps, ctx, params.bookingId, { followUp: 'record' });
      await authorizeForResident({ deps, ctx }, 'resident.followups.record', String(booking.residentId), { bookingId: params.bookingId });
      const result = await followUpRecorder(deps, {
        bookingId: booking._id,
        accountId: requireAccountActor(ctx).accountId,
        body: { ...body, visitedOn: body.visitedOn ?? booking.date, mode: body.mode ?? (booking.place as VisitPlace) },
      });
      return { followUpId: String(result.record._id), created: result.created, booking: presentBooking(result.booking, deps.clock.now(), deps.config.followups.cancelCutoffMs) };
    },
  }),
  defineRoute({
    operationId: 'staff.recordResidentFollowUp',
    method: 'post',
    path: '/api/staff/residents/:residentId/follow-ups',
    summary: '（家庭医生）不经预约登记随访服务记录表（如电话随访）：完成待办，并记录随访事件（积分用）；按 clientRecordId 去重',
    tags: ['staff', 'followups'],
    auth: 'session',
    params: residentIdParams,
    body: residentFollowUpBody,
    response: residentFollowUpRecordedView,
    successStatus: 201,
    errors: ['access_denied', 'follow_up_record_id_reused', 'record_implausible', 'validation_failed'],
    handler: async ({ params, body, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.followups.record', params.residentId, { followUp: 'record', clientRecordId: body.clientRecordId });
      const { clientRecordId, ...form } = body;
      const now = deps.clock.now();
      const result = await residentFollowUpRecorder(deps, {
        resident,
        clientRecordId,
        accountId: requireAccountActor(ctx).accountId,
        body: { ...form, visitedOn: form.visitedOn ?? shanghaiDate(now) },
      });
      return {
        followUpId: String(result.record._id),
        created: result.created,
        booking: result.booking ? presentBooking(result.booking, now, deps.config.followups.cancelCutoffMs) : null,
      };
    },
  }),
];

