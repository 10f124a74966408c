import { Types } from 'mongoose';
import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { dueReminderScanner } from '../../../server/reminders/dueReminderScanner';
import { reminderJob } from '../../../server/reminders/reminderSender';
import { createBookingFixture, createBoundResident, giveDueFollowUps } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * Reminders are durable jobs keyed by the reminder: each is sent at most once across two service
 * instances and a restart in the middle; 43101 is recorded and not retried; a transient failure is
 * retried with backoff and then sent once; every reminder is also an in-app reminder.
 */
describe('follow-up reminders', () => {
  let a: TestStack;
  let b: TestStack;
  const clock = new ManualClock(new Date('2026-03-10T01:00:00Z'));

  beforeAll(async () => {
    a = await startTestStack({ clock });
    b = await startTestStack({ clock, sameDatabaseAs: a });
  });
  beforeEach(() => clock.set(new Date('2026-03-10T01:00:00Z')));
  afterAll(async () => {
    await b.stop();
    await a.stop();
  });

  const sim = (path: string, body?: object) =>
    fetch(`${a.simulators.wechatApiBaseUrl}${path}`, body ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : undefined).then((r) => r.json());
  const messagesTo = async (openid: string) => ((await sim('/__sim/messages')) as { messages: Array<{ touser: string; errcode: number; template_id: string; data: Record<string, { value: string }> }> }).messages.filter((m) => m.touser === openid);

  async function bookedResident(options: { grants?: number } = {}) {
    const { resident, account } = await createBoundResident(a, { institutionId: 'inst-east', teamId: 'team-east-1' });
    await giveDueFollowUps(a, { residentId: resident.residentId });
    const booking = await createBookingFixture(a, { residentId: resident.residentId, daysAhead: 3 });
    if (options.grants) await sim('/__sim/subscriptions', { openid: account.openid, templateId: 'TPL_BOOKING_REMINDER', count: options.grants });
    return { resident, account, booking };
  }

  const reminderOf = (key: string) => a.service.deps.models.Reminder.findOne({ key }).lean();
  const jobOf = (key: string) => a.service.deps.models.Job.findOne({ key }).lean();

  test('a booking enqueues its day-before and 2-hours reminders once, whoever enqueues', async () => {
    const { booking } = await bookedResident();
    const jobs = await a.service.deps.models.Job.find({ 'payload.bookingId': booking.bookingId }).lean();
    expect(jobs.map((j) => j.key).sort()).toEqual([`reminder:${booking.bookingId}:${booking.slotId}:day-before`, `reminder:${booking.bookingId}:${booking.slotId}:two-hours`]);
    // 3 days ahead at 09:00 Shanghai: the day before at 09:00, and 07:00 on the day.
    expect(jobs.find((j) => j.key.endsWith('day-before'))?.runAt.toISOString()).toBe('2026-03-12T01:00:00.000Z');
    expect(jobs.find((j) => j.key.endsWith('two-hours'))?.runAt.toISOString()).toBe('2026-03-12T23:00:00.000Z');
  });

  test('exactly once across two instances with a restart in the middle', async () => {
    const residents = await Promise.all(Array.from({ length: 4 }, () => bookedResident({ grants: 5 })));
    const dayBeforeKeys = residents.map((r) => `reminder:${r.booking.bookingId}:${r.booking.slotId}:day-before`);
    clock.set(new Date('2026-03-12T01:00:00Z'));
    // Instance A takes the first reminder (the same conditional update claimNextJob makes), sends
    // it, and dies before finishing the job.
    const job = await a.service.deps.models.Job.findOneAndUpdate(
      { key: dayBeforeKeys[0], state: 'queued' },
      { $set: { state: 'running', leaseOwner: 'instance-a-dies', leaseExpiresAt: new Date(clock.now().getTime() + 60_000) }, $inc: { attempts: 1 } },
      { returnDocument: 'after' },
    );
    expect(job).not.toBeNull();
    await expect(reminderJob({ job: job!, deps: a.service.deps })).resolves.toEqual({ outcome: 'sent' });
    await a.service.jobs.stop();
    // Both instances run what is due, at the same time; the lease of the dead run expires meanwhile.
    clock.advanceMs(61_000);
    await Promise.all([a.service.jobs.runDueJobs(), b.service.jobs.runDueJobs()]);
    for (const r of residents) {
      const sent = (await messagesTo(r.account.openid)).filter((m) => m.errcode === 0);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ template_id: 'TPL_BOOKING_REMINDER', data: { thing4: { value: '明天有预约' } } });
    }
    for (const key of dayBeforeKeys) {
      expect(await reminderOf(key)).toMatchObject({ sendState: 'sent', title: '明天有预约' });
      expect((await jobOf(key))?.state).toBe('done');
    }
    // Running everything again changes nothing.
    await Promise.all([a.service.jobs.runDueJobs(), b.service.jobs.runDueJobs()]);
    for (const r of residents) expect((await messagesTo(r.account.openid)).filter((m) => m.errcode === 0)).toHaveLength(1);

    // A run that died mid-send (claimed, outcome unknown) is never sent a second time.
    const r = residents[0]!;
    const twoHoursKey = `reminder:${r.booking.bookingId}:${r.booking.slotId}:two-hours`;
    await a.service.deps.models.Reminder.create({ key: twoHoursKey, residentId: new Types.ObjectId(r.resident.residentId), kind: 'bookingTwoHours', title: '2小时后有预约', body: 'x', createdAt: clock.now(), sendState: 'sending' });
    clock.set(new Date('2026-03-12T23:00:00Z'));
    await b.service.jobs.runDueJobs();
    expect(await reminderOf(twoHoursKey)).toMatchObject({ sendState: 'unknown' });
    expect((await messagesTo(r.account.openid)).filter((m) => m.errcode === 0)).toHaveLength(1);
    clock.set(new Date('2026-03-10T01:00:00Z'));
  });

  test('43101 (no subscription) is recorded and not retried; the reminder is still in the app', async () => {
    const { resident, account, booking } = await bookedResident();
    clock.set(new Date('2026-03-12T01:00:00Z'));
    await a.service.jobs.runDueJobs();
    const key = `reminder:${booking.bookingId}:${booking.slotId}:day-before`;
    expect(await reminderOf(key)).toMatchObject({ sendState: 'not_subscribed', lastErrcode: 43101, sendAttempts: 1 });
    expect(await jobOf(key)).toMatchObject({ state: 'done', attempts: 1 });
    clock.advanceMs(3_600_000);
    await a.service.jobs.runDueJobs();
    expect((await messagesTo(account.openid)).filter((m) => m.template_id === 'TPL_BOOKING_REMINDER' && m.data.thing4?.value === '明天有预约')).toHaveLength(1);
    const list = await request(a.url).get(`/api/residents/${resident.residentId}/reminders`).set('Authorization', `Bearer ${account.token}`);
    expect(list.body.data).toMatchObject({ unreadCount: 1, reminders: [expect.objectContaining({ title: '明天有预约', wechat: 'not_subscribed', read: false })] });
    const read = await request(a.url).post(`/api/residents/${resident.residentId}/reminders/read`).set('Authorization', `Bearer ${account.token}`);
    expect(read.body.data.marked).toBe(1);
    clock.set(new Date('2026-03-10T01:00:00Z'));
  });

  test('a transient failure is retried with backoff, then sent exactly once', async () => {
    const { account, booking } = await bookedResident({ grants: 2 });
    await sim('/__sim/fail-next', { api: 'subscribe_send', errcode: -1, times: 2 });
    clock.set(new Date('2026-03-12T01:00:00Z'));
    const key = `reminder:${booking.bookingId}:${booking.slotId}:day-before`;
    await a.service.jobs.runDueJobs();
    expect(await reminderOf(key)).toMatchObject({ sendState: 'retry', lastErrcode: -1 });
    expect(await jobOf(key)).toMatchObject({ state: 'queued', attempts: 1 });
    clock.advanceMs(5_000);
    await b.service.jobs.runDueJobs();
    expect(await jobOf(key)).toMatchObject({ state: 'queued', attempts: 2 });
    clock.advanceMs(10_000);
    await a.service.jobs.runDueJobs();
    expect(await reminderOf(key)).toMatchObject({ sendState: 'sent', sendAttempts: 3 });
    expect(await jobOf(key)).toMatchObject({ state: 'done', attempts: 3 });
    const sends = (await messagesTo(account.openid)).filter((m) => m.data.thing4?.value === '明天有预约');
    expect(sends.map((m) => m.errcode)).toEqual([-1, -1, 0]);
    clock.set(new Date('2026-03-10T01:00:00Z'));
  });

  test('a rescheduled or cancelled booking’s old reminders do nothing; a due item gets one reminder however often it is scanned', async () => {
    const { resident, account, booking } = await bookedResident({ grants: 3 });
    await request(a.url).post(`/api/residents/${resident.residentId}/bookings/${booking.bookingId}/cancel`).set('Authorization', `Bearer ${account.token}`).expect(200);
    clock.set(new Date('2026-03-12T01:00:00Z'));
    await a.service.jobs.runDueJobs();
    expect((await jobOf(`reminder:${booking.bookingId}:${booking.slotId}:day-before`))?.result).toEqual({ skipped: 'booking_changed' });
    clock.set(new Date('2026-03-10T01:00:00Z'));

    await sim('/__sim/subscriptions', { openid: account.openid, templateId: 'TPL_DUE_REMINDER', count: 5 });
    await Promise.all([dueReminderScanner(a.service.deps), dueReminderScanner(b.service.deps)]);
    await Promise.all([a.service.jobs.runDueJobs(), b.service.jobs.runDueJobs()]);
    await dueReminderScanner(a.service.deps);
    await a.service.jobs.runDueJobs();
    const due = (await messagesTo(account.openid)).filter((m) => m.template_id === 'TPL_DUE_REMINDER' && m.errcode === 0);
    // Overdue phone and face-to-face follow-ups: one message each.
    expect(due.map((m) => m.data.thing1?.value).sort()).toEqual(['电话随访', '面对面随访']);
  });
});
