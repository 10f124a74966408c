import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { lastFullWeek, weeklySummaryScanner } from '../../../server/care/weeklySummaries';
import { pointsEventConsumer } from '../../../server/passbook/eventConsumer';
import { createAccount, createBookingFixture, createBoundResident, createProxyLink, giveDueFollowUps, newClientReadingId } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * The weekly summary through two instances: the week's readings, 达标, points and the next visit;
 * written once per resident-week however often and wherever the job runs; the resident told
 * (in-app and one WeChat message), the family only with the resident's recorded consent, which the
 * resident alone changes (audited) and which decides the relatives' access at once.
 */
describe('weekly summary', () => {
  let a: TestStack;
  let b: TestStack;
  // Wednesday 4 March 2026, 09:00 Shanghai: in the week of Monday 2 March.
  const clock = new ManualClock(new Date('2026-03-04T01:00:00Z'));
  beforeAll(async () => {
    a = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000', SESSION_TTL_HOURS: '1000' } });
    b = await startTestStack({ clock, sameDatabaseAs: a, env: { RATE_LIMIT_PER_MINUTE: '100000', SESSION_TTL_HOURS: '1000' } });
  });
  afterAll(async () => {
    await b.stop();
    await a.stop();
  });

  const sim = (path: string, body?: object) =>
    fetch(`${a.simulators.wechatApiBaseUrl}${path}`, body ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : undefined).then((r) => r.json());
  const weeklyTo = async (openid: string) =>
    ((await sim('/__sim/messages')) as { messages: Array<{ touser: string; errcode: number; template_id: string; data: Record<string, { value: string }> }> }).messages.filter((m) => m.touser === openid && m.template_id === 'TPL_WEEKLY_SUMMARY');
  const as = (token: string) => ({
    get: (path: string) => request(a.url).get(path).set('Authorization', `Bearer ${token}`),
    put: (path: string, body: object) => request(a.url).put(path).set('Authorization', `Bearer ${token}`).send(body),
    post: (path: string, body: object) => request(a.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
  });
  const bp = (s: number, d: number) => ({ measure: 'bp', clientReadingId: newClientReadingId(), measuredAt: clock.now().toISOString(), readings: [{ systolicMmHg: s, diastolicMmHg: d }, { systolicMmHg: s, diastolicMmHg: d }], timeOfDay: 'morning' });

  test('the week in numbers, written once across instances and reruns, sent to the resident only until she shares it', async () => {
    expect(lastFullWeek(new Date('2026-03-09T00:00:00Z'))).toMatchObject({ weekStart: '2026-03-02', weekEnd: '2026-03-08' });
    const { resident, account } = await createBoundResident(a, { name: '王秀英' });
    const daughter = await createAccount(a);
    await createProxyLink(a, { residentId: resident.residentId, proxyAccountId: daughter.accountId, scopes: ['view', 'logReadings'], relationship: '女儿' });
    await sim('/__sim/subscriptions', { openid: account.openid, templateId: 'TPL_WEEKLY_SUMMARY', count: 2 });
    await sim('/__sim/subscriptions', { openid: daughter.openid, templateId: 'TPL_WEEKLY_SUMMARY', count: 2 });
    await giveDueFollowUps(a, { residentId: resident.residentId });
    const rid = resident.residentId;

    // Wednesday: two readings at target, one by her daughter; Thursday: one not at target.
    await as(account.token).post(`/api/residents/${rid}/readings`, bp(128, 78)).expect(201);
    await as(daughter.token).post(`/api/residents/${rid}/readings`, { ...bp(126, 76), measure: 'bp' }).expect(201);
    await pointsEventConsumer(a.service.deps);
    clock.advanceMs(24 * 3_600_000);
    await as(account.token).post(`/api/residents/${rid}/readings`, bp(152, 94)).expect(201);
    await pointsEventConsumer(a.service.deps);
    // Next visit: Monday 9 March at the clinic.
    const booking = await createBookingFixture(a, { residentId: rid, daysAhead: 4 });

    // Monday 07:00 Shanghai: not yet. 08:00: both instances, twice.
    clock.set(new Date('2026-03-08T23:00:00Z'));
    await expect(weeklySummaryScanner(a.service.deps)).resolves.toEqual({ skipped: 'not_due_yet' });
    clock.set(new Date('2026-03-09T00:00:00Z'));
    await Promise.all([weeklySummaryScanner(a.service.deps), weeklySummaryScanner(b.service.deps)]);
    await weeklySummaryScanner(a.service.deps);
    expect(await a.service.deps.models.WeeklySummary.countDocuments({ residentId: rid })).toBe(1);
    await Promise.all([a.service.jobs.runDueJobs(), b.service.jobs.runDueJobs()]);
    await a.service.jobs.runDueJobs();

    const mine = await as(account.token).get(`/api/residents/${rid}/weekly-summaries`).expect(200);
    expect(mine.body.data).toMatchObject({ residentName: '王秀英', sharedWithFamily: false, templateId: 'TPL_WEEKLY_SUMMARY' });
    expect(mine.body.data.summaries).toHaveLength(1);
    const booked = await a.service.deps.models.Booking.findById(booking.bookingId).lean();
    expect(mine.body.data.summaries[0]).toMatchObject({
      weekStart: '2026-03-02',
      weekEnd: '2026-03-08',
      readingCount: 3,
      atTargetCount: 2,
      judgedCount: 3,
      familyEnteredCount: 1,
      pointsEarned: 4,
      nextVisit: { date: booked?.date, startTime: booked?.startTime },
    });
    const toHer = await weeklyTo(account.openid);
    expect(toHer.filter((m) => m.errcode === 0)).toHaveLength(1);
    expect(toHer[0]?.data).toMatchObject({ thing1: { value: '王秀英 3月2日–3月8日' }, thing2: { value: '记录 3 次，达标 2 次' }, thing3: { value: '得 4 积分' } });
    // Her daughter: nothing — no consent yet — and no access to the summaries.
    expect(await weeklyTo(daughter.openid)).toEqual([]);
    await as(daughter.token).get(`/api/residents/${rid}/weekly-summaries`).expect(403);
    expect(await a.service.deps.models.CareNotice.countDocuments({ accountId: daughter.accountId })).toBe(0);

    // She shares it (recorded and audited); only she can; her daughter reads it at once.
    await as(daughter.token).put(`/api/residents/${rid}/family-sharing`, { weeklySummary: true }).expect(403);
    const shared = await as(account.token).put(`/api/residents/${rid}/family-sharing`, { weeklySummary: true }).expect(200);
    expect(shared.body.data).toMatchObject({ weeklySummary: true, updatedAt: '2026-03-09T00:00:00.000Z' });
    expect(await a.service.deps.models.AuditEntry.findOne({ subjectResidentId: rid, action: 'resident.familySharing.update' }).lean()).toMatchObject({ actor: { kind: 'resident' }, what: { weeklySummary: true } });
    const hers = await as(daughter.token).get(`/api/residents/${rid}/weekly-summaries`).expect(200);
    expect(hers.body.data.summaries[0].readingCount).toBe(3);
    expect(await a.service.deps.models.AuditEntry.countDocuments({ subjectResidentId: rid, action: 'resident.weeklySummary.read', 'actor.kind': 'proxy' })).toBe(1);

    // The next week's summary goes to both; then she stops sharing and the daughter loses access.
    clock.set(new Date('2026-03-16T00:30:00Z'));
    await weeklySummaryScanner(b.service.deps);
    await a.service.jobs.runDueJobs();
    expect((await weeklyTo(daughter.openid)).filter((m) => m.errcode === 0).map((m) => m.data.thing1?.value)).toEqual(['王秀英 3月9日–3月15日']);
    const notices = await as(daughter.token).get(`/api/residents/${rid}/family-notices`).expect(200);
    expect(notices.body.data.notices[0]).toMatchObject({ kind: 'weeklySummary', title: '王秀英的本周小结（3月9日–3月15日）' });
    expect(notices.body.data.notices[0].body).toContain('本周没有记录读数');
    await as(account.token).put(`/api/residents/${rid}/family-sharing`, { weeklySummary: false }).expect(200);
    await as(daughter.token).get(`/api/residents/${rid}/weekly-summaries`).expect(403);
    expect((await as(account.token).get(`/api/residents/${rid}/family-sharing`).expect(200)).body.data.weeklySummary).toBe(false);
  });

  test('the weekly job walks every resident with the app in batches, each once, and then stops', async () => {
    const residents = await Promise.all(Array.from({ length: 5 }, () => createBoundResident(a)));
    await createBoundResident(a).then(({ resident }) => a.service.deps.models.Resident.updateOne({ _id: resident.residentId }, { $set: { accountId: null } }));
    clock.set(new Date('2026-03-23T00:10:00Z'));
    const all = await a.service.deps.models.Resident.countDocuments({ accountId: { $ne: null } });
    const passes = [];
    for (let pass = 0; pass < all; pass += 1) {
      const result = await Promise.all([weeklySummaryScanner(a.service.deps, { batchSize: 2 }), weeklySummaryScanner(b.service.deps, { batchSize: 2 })]);
      passes.push(result[0]);
      if (result.some((r) => 'done' in r && r.done)) break;
    }
    await expect(weeklySummaryScanner(a.service.deps, { batchSize: 2 })).resolves.toEqual({ week: '2026-03-16', written: 0, done: true });
    expect(await a.service.deps.models.WeeklySummary.countDocuments({ weekStart: '2026-03-16' })).toBe(all);
    for (const { resident } of residents) expect(await a.service.deps.models.WeeklySummary.countDocuments({ residentId: resident.residentId, weekStart: '2026-03-16' })).toBe(1);
    expect(passes.length).toBeGreaterThan(1);
  });
});
