import { z } from 'zod';
import { bookingResultView, residentBookingsView } from '../../shared/api/followups';
import { authorizeForResident } from '../authz/authorize';
import { bookingCanceller, bookingCreator, bookingRescheduler, residentBookings } from '../followups/bookings';
import { presentBooking } from '../followups/presenters';
import { requireActor } from '../authz/authorize';
import { defineRoute } from '../http/route';
import { residentBookingParams } from './followupSchemas';
import { objectId, residentIdParams } from './identitySchemas';

/**
 * A resident's bookings: book a slot for a due item, reschedule, cancel (before the cutoff), list.
 * The resident, a proxy with `book`, or their doctor team (`resident.followups.book`).
 */
export const bookingRoutes = [
  defineRoute({
    operationId: 'residents.listBookings',
    method: 'get',
    path: '/api/residents/:residentId/bookings',
    summary: '我的预约：即将到来的和过去的预约，是否还能改约/取消（截止时间）',
    tags: ['followups'],
    auth: 'session',
    params: residentIdParams,
    response: residentBookingsView,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.followups.book', params.residentId, { followups: 'bookings' });
      const now = deps.clock.now();
      const cutoffMs = deps.config.followups.cancelCutoffMs;
      const bookings = await residentBookings(deps, resident);
      return { bookings: bookings.map((b) => presentBooking(b, now, cutoffMs)), cancelCutoffHours: cutoffMs / 3_600_000 };
    },
  }),
  defineRoute({
    operationId: 'residents.createBooking',
    method: 'post',
    path: '/api/residents/:residentId/bookings',
    summary: '为一项待办预约一个时段（每项待办只能有一个有效预约；名额在并发下也不会超）',
    tags: ['followups'],
    auth: 'session',
    params: residentIdParams,
    body: z.object({ slotId: objectId, dueItemKey: z.string().min(3).max(60) }),
    response: bookingResultView,
    successStatus: 201,
    links: {
      read: { operationId: 'residents.listBookings', parameters: { residentId: '$request.path.residentId' } },
      reschedule: { operationId: 'residents.rescheduleBooking', parameters: { residentId: '$request.path.residentId', bookingId: '$response.body#/data/booking/bookingId' } },
      cancel: { operationId: 'residents.cancelBooking', parameters: { residentId: '$request.path.residentId', bookingId: '$response.body#/data/booking/bookingId' } },
    },
    errors: ['access_denied', 'slot_not_found', 'slot_full', 'slot_in_past', 'slot_place_not_suitable', 'due_item_not_found', 'due_item_already_booked', 'booking_interrupted'],
    handler: async ({ params, body, ctx, deps }) => {
      const decision = await authorizeForResident({ deps, ctx }, 'resident.followups.book', params.residentId, { followups: 'book', dueItemKey: body.dueItemKey, slotId: body.slotId });
      const actor = requireActor(ctx);
      const booking = await bookingCreator(deps, {
        resident: decision.resident,
        slotId: body.slotId,
        dueItemKey: body.dueItemKey,
        bookedBy: { accountId: actor.kind === 'account' ? actor.accountId : actor.clientId, basis: decision.basis, proxyLinkId: decision.proxyLinkId ?? null },
      });
      return { booking: presentBooking(booking, deps.clock.now(), deps.config.followups.cancelCutoffMs) };
    },
  }),
  defineRoute({
    operationId: 'residents.rescheduleBooking',
    method: 'post',
    path: '/api/residents/:residentId/bookings/:bookingId/reschedule',
    summary: '改约到另一个时段：先占新名额，再释放旧名额；离预约时间太近（默认2小时内）不能改',
    tags: ['followups'],
    auth: 'session',
    params: residentBookingParams,
    body: z.object({ slotId: objectId }),
    response: bookingResultView,
    errors: ['access_denied', 'booking_not_found', 'booking_not_active', 'booking_busy', 'booking_same_slot', 'booking_cancel_cutoff_passed', 'slot_not_found', 'slot_full', 'slot_in_past', 'slot_place_not_suitable'],
    handler: async ({ params, body, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.followups.book', params.residentId, { followups: 'reschedule', bookingId: params.bookingId, slotId: body.slotId });
      const booking = await bookingRescheduler(deps, { resident, bookingId: params.bookingId, slotId: body.slotId });
      return { booking: presentBooking(booking, deps.clock.now(), deps.config.followups.cancelCutoffMs) };
    },
  }),
  defineRoute({
    operationId: 'residents.cancelBooking',
    method: 'post',
    path: '/api/residents/:residentId/bookings/:bookingId/cancel',
    summary: '取消预约（离预约时间太近不能取消，请打电话给团队）；重复取消返回已取消的预约',
    tags: ['followups'],
    auth: 'session',
    params: residentBookingParams,
    response: bookingResultView,
    errors: ['access_denied', 'booking_not_found', 'booking_not_active', 'booking_busy', 'booking_cancel_cutoff_passed'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.followups.book', params.residentId, { followups: 'cancel', bookingId: params.bookingId });
      const booking = await bookingCanceller(deps, { resident, bookingId: params.bookingId });
      return { booking: presentBooking(booking, deps.clock.now(), deps.config.followups.cancelCutoffMs) };
    },
  }),
];
