import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { collapseProxyActivity } from '../../../server/identity/proxyActivity';
import { createAccount, createBookingFixture, createBoundResident, createProxyLink, giveDueFollowUps, newClientReadingId } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * What the family sees and what the resident sees of the family: 家人代办记录 collapsed per day and
 * relative, in words; the relationship captured when the relative accepts an invitation that did
 * not say; readings a relative entered marked as such; 提醒 listing what is planned.
 */
describe('family views', () => {
  let stack: TestStack;
  // Tuesday 10 March 2026, 08:30 Shanghai.
  const clock = new ManualClock(new Date('2026-03-10T00:30:00Z'));
  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  });
  afterAll(() => stack.stop());

  const as = (token: string) => ({
    get: (path: string) => request(stack.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) => request(stack.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
  });
  const glucose = () => ({ measure: 'glucose', clientReadingId: newClientReadingId(), measuredAt: clock.now().toISOString(), timing: 'fasting', glucoseMmolL: 6.1 });

  test('家人代办记录: one row per relative per day, in words with counts, relationship named; only the resident (and admins) read it', async () => {
    const { resident, account } = await createBoundResident(stack, { name: '王秀英' });
    const rid = resident.residentId;
    const daughter = await createAccount(stack);
    await createProxyLink(stack, { residentId: rid, proxyAccountId: daughter.accountId, scopes: ['view', 'logReadings'], relationship: '女儿' });
    // The son accepts an invitation that did not say who he is: he says it himself.
    const invitation = await as(account.token).post(`/api/residents/${rid}/invitations`, { scopes: ['view'] }).expect(201);
    const son = await createAccount(stack);
    const accepted = await as(son.token).post('/api/invitations/accept', { code: invitation.body.data.code, relationship: '儿子' }).expect(201);
    expect(accepted.body.data.link.relationship).toBe('儿子');
    // An invitation that says it wins over what the relative types.
    const named = await as(account.token).post(`/api/residents/${rid}/invitations`, { scopes: ['view'], relationship: '儿媳' }).expect(201);
    const inLaw = await createAccount(stack);
    expect((await as(inLaw.token).post('/api/invitations/accept', { code: named.body.data.code, relationship: '女儿' }).expect(201)).body.data.link.relationship).toBe('儿媳');

    for (let i = 0; i < 5; i += 1) await as(daughter.token).get(`/api/residents/${rid}/readings?measure=bp&days=30`).expect(200);
    await as(daughter.token).get(`/api/residents/${rid}/control-status`).expect(200);
    await as(daughter.token).post(`/api/residents/${rid}/readings`, glucose()).expect(201);
    await as(son.token).get(`/api/residents/${rid}/profile`).expect(200);
    clock.advanceMs(24 * 3_600_000);
    await as(daughter.token).get(`/api/residents/${rid}/readings?measure=glucose&days=7`).expect(200);

    const activity = await as(account.token).get(`/api/residents/${rid}/proxy-activity`).expect(200);
    const days = activity.body.data.days as Array<{ day: string; people: Array<{ who: string; things: Array<{ text: string; count: number }> }> }>;
    expect(days.map((d) => d.day)).toEqual(['2026-03-11', '2026-03-10']);
    expect(days[0]?.people).toEqual([expect.objectContaining({ who: '女儿', things: [{ text: '查看了健康记录', count: 1 }] })]);
    const yesterday = Object.fromEntries((days[1]?.people ?? []).map((p) => [p.who, p.things]));
    expect(yesterday['女儿']).toEqual(expect.arrayContaining([{ text: '查看了健康记录', count: 6 }, { text: '记录了自测数据', count: 1 }]));
    expect(yesterday['儿子']).toEqual(expect.arrayContaining([{ text: '查看了档案信息', count: 1 }]));
    expect(JSON.stringify(activity.body.data)).not.toMatch(/resident\.|proxy\.link|家属代办人/);

    await as(daughter.token).get(`/api/residents/${rid}/proxy-activity`).expect(403);
    await as(son.token).get(`/api/residents/${rid}/proxy-activity`).expect(403);
  });

  test('an action nobody labelled still reads as words, never as its code', () => {
    const at = new Date('2026-03-10T02:00:00Z');
    const collapsed = collapseProxyActivity([{ at, action: 'resident.something.new', proxyLinkId: 'L1' }, { at, action: 'resident.records.read', proxyLinkId: null }], new Map([['L1', null]]));
    expect(collapsed.days[0]?.people.map((p) => [p.who, p.things.map((t) => t.text)])).toEqual([
      ['家人', ['查看或办理了其他事项']],
      ['家人', ['查看了健康记录']],
    ]);
  });

  test('a reading a relative entered is marked in the history', async () => {
    const { resident, account } = await createBoundResident(stack);
    const daughter = await createAccount(stack);
    await createProxyLink(stack, { residentId: resident.residentId, proxyAccountId: daughter.accountId, scopes: ['view', 'logReadings'] });
    await as(account.token).post(`/api/residents/${resident.residentId}/readings`, glucose()).expect(201);
    clock.advanceMs(60_000);
    await as(daughter.token).post(`/api/residents/${resident.residentId}/readings`, glucose()).expect(201);
    const history = await as(account.token).get(`/api/residents/${resident.residentId}/readings?measure=glucose&days=7`).expect(200);
    expect(history.body.data.points.map((p: { enteredByFamily: boolean }) => p.enteredByFamily)).toEqual([false, true]);
  });

  test('提醒 lists what is planned: tomorrow’s booking has its day-before and 2-hours reminders waiting', async () => {
    clock.set(new Date('2026-03-10T00:30:00Z'));
    const { resident, account } = await createBoundResident(stack);
    await giveDueFollowUps(stack, { residentId: resident.residentId });
    await createBookingFixture(stack, { residentId: resident.residentId, daysAhead: 1 });
    const list = await as(account.token).get(`/api/residents/${resident.residentId}/reminders`).expect(200);
    expect(list.body.data.reminders).toEqual([]);
    expect(list.body.data.upcoming.map((u: { title: string; at: string }) => [u.title, u.at])).toEqual([
      ['明天有预约', '2026-03-10T01:00:00.000Z'],
      ['2小时后有预约', '2026-03-10T23:00:00.000Z'],
    ]);
    expect(list.body.data.upcoming[0].body).toContain('3月11日 周三 09:00–11:00');
    // Once sent, a reminder is listed as sent, no longer as planned.
    clock.set(new Date('2026-03-10T01:00:00Z'));
    await stack.service.jobs.runDueJobs();
    const after = await as(account.token).get(`/api/residents/${resident.residentId}/reminders`).expect(200);
    expect(after.body.data.reminders.map((r: { title: string }) => r.title)).toEqual(['明天有预约']);
    expect(after.body.data.upcoming.map((u: { title: string }) => u.title)).toEqual(['2小时后有预约']);
  });
});
