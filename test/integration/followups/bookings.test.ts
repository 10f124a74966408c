import { Types } from 'mongoose';
import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { seatToken, takeSeat } from '../../../server/followups/seats';
import { slotReconciler } from '../../../server/followups/slotReconciler';
import { ALL_SCOPES, createAccount, createBoundResident, createProxyLink, createSlot, giveDueFollowUps } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * Booking against the real database: capacity under concurrency with no transaction, one booking
 * per due item, reschedule and cancel with the cutoff, crash recovery of seat counters, and the
 * staff desk (attendance, the follow-up record that completes the due item and emits its event).
 */
describe('follow-up bookings', () => {
  let stack: TestStack;
  const clock = new ManualClock(new Date('2026-03-10T01:00:00Z')); // 09:00 Shanghai
  let doctor: Awaited<ReturnType<typeof createAccount>>;

  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'error' } });
    doctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } });
  });
  afterAll(() => stack.stop());

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const get = (token: string, path: string) => request(stack.url).get(path).set(auth(token));
  const post = (token: string, path: string, body?: object) => request(stack.url).post(path).set(auth(token)).send(body ?? {});

  async function residentWithDueItems() {
    const { resident, account } = await createBoundResident(stack, { institutionId: 'inst-east', teamId: 'team-east-1' });
    await giveDueFollowUps(stack, { residentId: resident.residentId });
    const due = await get(account.token, `/api/residents/${resident.residentId}/due-items`);
    expect(due.status).toBe(200);
    const visit = due.body.data.items.find((i: { kind: string }) => i.kind === 'faceToFaceFollowUp');
    expect(visit).toBeDefined();
    return { resident, account, dueItemKey: visit.key as string, items: due.body.data.items as Array<{ key: string; kind: string; status: string }> };
  }

  const book = (token: string, residentId: string, slotId: string, dueItemKey: string) => post(token, `/api/residents/${residentId}/bookings`, { slotId, dueItemKey });

  async function slotState(slotId: string) {
    const slot = await stack.service.deps.models.AvailabilitySlot.findById(slotId).lean();
    const active = await stack.service.deps.models.Booking.countDocuments({ slotId: new Types.ObjectId(slotId), status: { $in: ['booked', 'attended'] } });
    return { booked: slot?.booked, reservations: slot?.reservations.length, active };
  }

  test('the due items list plain-Chinese kinds, overdue status and the places each can be done', async () => {
    const { items } = await residentWithDueItems();
    expect(items.map((i) => i.kind)).toEqual(expect.arrayContaining(['phoneFollowUp', 'faceToFaceFollowUp']));
    expect(items.find((i) => i.kind === 'faceToFaceFollowUp')).toMatchObject({ status: 'overdue', kindLabel: '面对面随访', places: ['clinic', 'home'], booking: null });
  });

  test('20 parallel bookings of the last place: exactly one succeeds and the counter equals the active bookings', async () => {
    const slot = await createSlot(stack, { capacity: 3, daysAhead: 2 });
    const residents = await Promise.all(Array.from({ length: 22 }, () => residentWithDueItems()));
    // Two places taken first, one left.
    for (const r of residents.slice(0, 2)) expect((await book(r.account.token, r.resident.residentId, slot.slotId, r.dueItemKey)).status).toBe(201);
    const racers = residents.slice(2);
    const results = await Promise.all(racers.map((r) => book(r.account.token, r.resident.residentId, slot.slotId, r.dueItemKey)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(Array(19).fill('slot_full'));
    expect(await slotState(slot.slotId)).toEqual({ booked: 3, reservations: 3, active: 3 });
  });

  test('one booking per due item, even when the same request races itself', async () => {
    const r = await residentWithDueItems();
    const slot = await createSlot(stack, { capacity: 10, daysAhead: 4 });
    const results = await Promise.all(Array.from({ length: 8 }, () => book(r.account.token, r.resident.residentId, slot.slotId, r.dueItemKey)));
    expect(results.filter((x) => x.status === 201)).toHaveLength(1);
    expect(results.filter((x) => x.status === 409).map((x) => x.body.error.code)).toEqual(Array(7).fill('due_item_already_booked'));
    // The losers' seats were given back.
    expect(await slotState(slot.slotId)).toEqual({ booked: 1, reservations: 1, active: 1 });
    const other = await createSlot(stack, { capacity: 10, daysAhead: 5 });
    const again = await book(r.account.token, r.resident.residentId, other.slotId, r.dueItemKey);
    expect(again.body.error.code).toBe('due_item_already_booked');
    // The due list shows the booking on the item.
    const due = await get(r.account.token, `/api/residents/${r.resident.residentId}/due-items`);
    expect(due.body.data.items.find((i: { key: string }) => i.key === r.dueItemKey).booking).toMatchObject({ slotId: slot.slotId, status: 'booked', placeLabel: '到社区门诊' });
  });

  test('booking refuses unknown due items, unsuitable places, other teams’ slots and full slots', async () => {
    const r = await residentWithDueItems();
    const slot = await createSlot(stack, { daysAhead: 3 });
    expect((await book(r.account.token, r.resident.residentId, slot.slotId, 'faceToFaceFollowUp:1999-01-01')).body.error.code).toBe('due_item_not_found');
    const phone = await createSlot(stack, { place: 'phone', daysAhead: 3 });
    expect((await book(r.account.token, r.resident.residentId, phone.slotId, r.dueItemKey)).body.error.code).toBe('slot_place_not_suitable');
    const west = await createSlot(stack, { institutionId: 'inst-west', teamId: 'team-west-1' });
    expect((await book(r.account.token, r.resident.residentId, west.slotId, r.dueItemKey)).status).toBe(404);
    // A family member with `book` books for the resident; without it they cannot.
    const relative = await createAccount(stack);
    await createProxyLink(stack, { residentId: r.resident.residentId, proxyAccountId: relative.accountId, scopes: ALL_SCOPES });
    const byProxy = await book(relative.token, r.resident.residentId, slot.slotId, r.dueItemKey);
    expect(byProxy.status).toBe(201);
    const stored = await stack.service.deps.models.Booking.findById(byProxy.body.data.booking.bookingId).lean();
    expect(stored?.bookedBy).toMatchObject({ accountId: relative.accountId, basis: 'proxy' });
    const viewOnly = await createAccount(stack);
    await createProxyLink(stack, { residentId: r.resident.residentId, proxyAccountId: viewOnly.accountId, scopes: ['view'] });
    expect((await book(viewOnly.token, r.resident.residentId, slot.slotId, r.dueItemKey)).status).toBe(403);
  });

  test('reschedule takes the new place before releasing the old one; a full or identical slot changes nothing', async () => {
    const r = await residentWithDueItems();
    const a = await createSlot(stack, { daysAhead: 3, capacity: 2 });
    const b = await createSlot(stack, { daysAhead: 4, capacity: 2, startTime: '14:00', endTime: '16:00' });
    const full = await createSlot(stack, { daysAhead: 5, capacity: 1 });
    const filler = await residentWithDueItems();
    expect((await book(filler.account.token, filler.resident.residentId, full.slotId, filler.dueItemKey)).status).toBe(201);

    const booked = await book(r.account.token, r.resident.residentId, a.slotId, r.dueItemKey);
    const bookingId = booked.body.data.booking.bookingId as string;
    const path = `/api/residents/${r.resident.residentId}/bookings/${bookingId}/reschedule`;
    expect((await post(r.account.token, path, { slotId: a.slotId })).body.error.code).toBe('booking_same_slot');
    expect((await post(r.account.token, path, { slotId: full.slotId })).body.error.code).toBe('slot_full');
    expect(await slotState(a.slotId)).toEqual({ booked: 1, reservations: 1, active: 1 });
    expect(await slotState(full.slotId)).toEqual({ booked: 1, reservations: 1, active: 1 });

    const moved = await post(r.account.token, path, { slotId: b.slotId });
    expect(moved.status).toBe(200);
    expect(moved.body.data.booking).toMatchObject({ bookingId, slotId: b.slotId, startTime: '14:00', status: 'booked' });
    expect(await slotState(a.slotId)).toEqual({ booked: 0, reservations: 0, active: 0 });
    expect(await slotState(b.slotId)).toEqual({ booked: 1, reservations: 1, active: 1 });
    const mine = await get(r.account.token, `/api/residents/${r.resident.residentId}/bookings`);
    expect(mine.body.data.bookings).toEqual([expect.objectContaining({ bookingId, slotId: b.slotId, changeable: true })]);
  });

  test('cancel before the cutoff releases the place (once); after the cutoff neither cancel nor reschedule is allowed', async () => {
    const r = await residentWithDueItems();
    const soon = await createSlot(stack, { daysAhead: 0, startTime: '12:00', endTime: '12:30', capacity: 1 });
    const later = await createSlot(stack, { daysAhead: 6, capacity: 3 });
    const booked = await book(r.account.token, r.resident.residentId, soon.slotId, r.dueItemKey);
    expect(booked.status).toBe(201);
    const bookingId = booked.body.data.booking.bookingId as string;
    expect(booked.body.data.booking.changeableUntil).toBe('2026-03-10T02:00:00.000Z'); // 12:00 Shanghai − 2 h
    clock.advanceMs(90 * 60_000); // 10:30 Shanghai: 1.5 h before
    try {
      const cancel = await post(r.account.token, `/api/residents/${r.resident.residentId}/bookings/${bookingId}/cancel`);
      expect(cancel.status).toBe(409);
      expect(cancel.body.error).toMatchObject({ code: 'booking_cancel_cutoff_passed', details: { cutoffHours: 2 } });
      expect(cancel.body.error.message).toContain('打电话');
      const move = await post(r.account.token, `/api/residents/${r.resident.residentId}/bookings/${bookingId}/reschedule`, { slotId: later.slotId });
      expect(move.body.error.code).toBe('booking_cancel_cutoff_passed');
    } finally {
      clock.advanceMs(-90 * 60_000);
    }

    const other = await residentWithDueItems();
    const b2 = await book(other.account.token, other.resident.residentId, later.slotId, other.dueItemKey);
    const id2 = b2.body.data.booking.bookingId as string;
    const cancel = await post(other.account.token, `/api/residents/${other.resident.residentId}/bookings/${id2}/cancel`);
    expect(cancel.body.data.booking.status).toBe('cancelled');
    const twice = await post(other.account.token, `/api/residents/${other.resident.residentId}/bookings/${id2}/cancel`);
    expect(twice.body.data.booking.status).toBe('cancelled');
    expect(await slotState(later.slotId)).toEqual({ booked: 0, reservations: 0, active: 0 });
    // The due item can be booked again.
    expect((await book(other.account.token, other.resident.residentId, later.slotId, other.dueItemKey)).status).toBe(201);
  });

  test('after a crash the reconciler gives back seats nobody holds, and abandons half-done moves', async () => {
    const deps = stack.service.deps;
    const r = await residentWithDueItems();
    const slot = await createSlot(stack, { daysAhead: 7, capacity: 3 });
    const target = await createSlot(stack, { daysAhead: 8, capacity: 3 });
    const healthy = await book(r.account.token, r.resident.residentId, slot.slotId, r.dueItemKey);
    const bookingId = healthy.body.data.booking.bookingId as string;
    // Crash 1: a seat was taken, then the process died before the booking was inserted.
    const lostId = new Types.ObjectId();
    const slotDoc = (await deps.models.AvailabilitySlot.findById(slot.slotId).lean())!;
    expect(await takeSeat(deps, slotDoc, seatToken(lostId, clock.now()))).toBe(true);
    // Crash 2: a reschedule noted its move and took the new seat, then died.
    const moveToken = seatToken(new Types.ObjectId(bookingId), clock.now());
    await deps.models.Booking.updateOne({ _id: bookingId }, { $set: { moveToSlotId: new Types.ObjectId(target.slotId), moveReservation: moveToken, moveStartedAt: clock.now() } });
    const targetDoc = (await deps.models.AvailabilitySlot.findById(target.slotId).lean())!;
    expect(await takeSeat(deps, targetDoc, moveToken)).toBe(true);
    expect((await slotState(slot.slotId)).booked).toBe(2);

    // Inside the grace period nothing is touched (the steps may still be running).
    expect(await slotReconciler(deps)).toEqual({ movesAbandoned: 0, seatsReleased: 0 });
    clock.advanceMs(10 * 60_000);
    try {
      const first = await slotReconciler(deps);
      expect(first).toEqual({ movesAbandoned: 1, seatsReleased: 2 });
      expect(await slotReconciler(deps)).toEqual({ movesAbandoned: 0, seatsReleased: 0 });
    } finally {
      clock.advanceMs(-10 * 60_000);
    }
    expect(await slotState(slot.slotId)).toEqual({ booked: 1, reservations: 1, active: 1 });
    expect(await slotState(target.slotId)).toEqual({ booked: 0, reservations: 0, active: 0 });
    // The lost booking's id is burnt: a late insert under it cannot succeed.
    expect((await deps.models.Booking.findById(lostId).lean())?.status).toBe('abandoned');
    const still = await deps.models.Booking.findById(bookingId).lean();
    expect(still).toMatchObject({ status: 'booked', moveReservation: null });
  });

  test('staff: the day’s bookings, attendance, and the follow-up record completes the due item and emits one event', async () => {
    const deps = stack.service.deps;
    const r = await residentWithDueItems();
    const slot = await createSlot(stack, { daysAhead: 1, capacity: 4 });
    const booked = await book(r.account.token, r.resident.residentId, slot.slotId, r.dueItemKey);
    const bookingId = booked.body.data.booking.bookingId as string;
    const other = await residentWithDueItems();
    const b2 = await book(other.account.token, other.resident.residentId, slot.slotId, other.dueItemKey);
    expect(b2.status).toBe(201);

    const day = await get(doctor.token, `/api/staff/bookings?date=${slot.date}`);
    expect(day.body.data.bookings).toEqual(expect.arrayContaining([expect.objectContaining({ bookingId, residentName: r.resident.name, status: 'booked' })]));
    expect((await post(doctor.token, `/api/staff/bookings/${bookingId}/attended`)).body.error.code).toBe('booking_not_today_or_past');

    clock.advanceMs(24 * 3_600_000);
    try {
      const attended = await post(doctor.token, `/api/staff/bookings/${bookingId}/attended`);
      expect(attended.body.data.booking.status).toBe('attended');
      const form = { form: 'hypertension', classification: 'satisfied', signs: { systolicMmHg: 132, diastolicMmHg: 82 }, advice: '继续低盐饮食，每天走路30分钟', nextVisitOn: '2026-06-11', doctorName: '李医生' };
      const recorded = await post(doctor.token, `/api/staff/bookings/${bookingId}/follow-up`, form);
      expect(recorded.status).toBe(201);
      expect(recorded.body.data).toMatchObject({ created: true, booking: { status: 'attended', followUpRecorded: true } });
      // The same request again: nothing new. Different content: refused.
      expect((await post(doctor.token, `/api/staff/bookings/${bookingId}/follow-up`, form)).body.data.created).toBe(false);
      expect((await post(doctor.token, `/api/staff/bookings/${bookingId}/follow-up`, { ...form, classification: 'unsatisfied' })).body.error.code).toBe('follow_up_already_recorded');

      const events = await deps.models.DomainEvent.find({ residentId: new Types.ObjectId(r.resident.residentId), type: 'followUpRecorded' }).lean();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ eventId: `followUp:inst-east:booking:${bookingId}`, payload: { bookingId, classification: 'satisfied', mode: 'clinic' } });

      const due = await get(r.account.token, `/api/residents/${r.resident.residentId}/due-items`);
      expect(due.body.data.items.map((i: { key: string }) => i.key)).not.toContain(r.dueItemKey);
      const history = await get(r.account.token, `/api/residents/${r.resident.residentId}/follow-ups`);
      expect(history.body.data.followUps[0]).toMatchObject({ classification: 'satisfied', classificationLabel: '控制满意', advice: '继续低盐饮食，每天走路30分钟', modeLabel: '到社区门诊', systolicMmHg: 132 });

      // A no-show lets go of the place and the due item.
      const noShow = await post(doctor.token, `/api/staff/bookings/${b2.body.data.booking.bookingId}/no-show`);
      expect(noShow.body.data.booking.status).toBe('noShow');
      expect(await slotState(slot.slotId)).toEqual({ booked: 1, reservations: 1, active: 1 });
    } finally {
      clock.advanceMs(-24 * 3_600_000);
    }

    // Another team's doctor gets nowhere.
    const westDoctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-west', teamId: 'team-west-1' } });
    expect((await post(westDoctor.token, `/api/staff/bookings/${bookingId}/attended`)).status).toBe(403);
  });

  test('staff publish slots for their own team only', async () => {
    const date = '2026-03-12';
    const res = await post(doctor.token, '/api/staff/availability', { place: 'home', date, startTime: '14:00', endTime: '17:00', capacity: 4 });
    expect(res.status).toBe(201);
    expect(res.body.data.slot).toMatchObject({ place: 'home', placeLabel: '医生上门', remaining: 4 });
    expect((await post(doctor.token, '/api/staff/availability', { place: 'clinic', date: '2026-03-01', startTime: '09:00', endTime: '10:00', capacity: 1 })).body.error.code).toBe('slot_time_invalid');
    expect((await post(doctor.token, '/api/staff/availability', { place: 'clinic', date, startTime: '10:00', endTime: '09:00', capacity: 1 })).body.error.code).toBe('slot_time_invalid');
    const list = await get(doctor.token, `/api/staff/availability?from=${date}&to=${date}`);
    expect(list.body.data.slots.map((s: { slotId: string }) => s.slotId)).toContain(res.body.data.slot.slotId);
    const r = await residentWithDueItems();
    const seen = await get(r.account.token, `/api/residents/${r.resident.residentId}/availability`);
    expect(seen.body.data.slots.map((s: { slotId: string }) => s.slotId)).toContain(res.body.data.slot.slotId);
    expect(seen.body.data).toMatchObject({ cancelCutoffHours: 2, reminderTemplateIds: ['TPL_BOOKING_REMINDER', 'TPL_DUE_REMINDER'] });
  });
});
