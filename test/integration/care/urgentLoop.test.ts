import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { careAlertJobKey } from '../../../server/care/urgentAlerts';
import { signedHeaders } from '../../../server/integration/signature';
import { createAccount, createBoundResident, createIntegrationClient, createProxyLink, fakeIdNumber, newClientReadingId, type AccountFixture } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * The urgent loop through two real service instances: an urgent reading → the resident's status
 * (severity, what to do now, the team's number) → every relative with `view` told once (in-app and
 * one WeChat message carrying the value and the advice), whichever instance runs the job and however
 * often the reading is retried; 43101 recorded and not retried; a transient failure retried once →
 * the team acknowledges and closes → resident and relative see both; access and audit.
 */
describe('urgent reading → relatives told → the team acknowledges and closes', () => {
  let a: TestStack;
  let b: TestStack;
  const clock = new ManualClock(new Date('2026-03-10T00:10:00Z'));
  let admin: AccountFixture;
  let doctor: AccountFixture;

  beforeAll(async () => {
    a = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    b = await startTestStack({ clock, sameDatabaseAs: a, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    admin = await createAccount(a, { roles: ['admin'] });
    doctor = await createAccount(a, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } });
    const post = (path: string, body: object) => request(a.url).post(path).set('Authorization', `Bearer ${admin.token}`).send(body);
    await post('/api/admin/institutions', { institutionId: 'inst-east', name: '东城社区卫生服务中心' }).expect(201);
    await post('/api/admin/teams', { teamId: 'team-east-1', institutionId: 'inst-east', name: '东城家庭医生一队', members: [{ accountId: doctor.accountId, name: '李医生', role: 'gp', lead: true }] }).expect(201);
  });
  beforeEach(() => clock.set(new Date('2026-03-10T00:10:00Z')));
  afterAll(async () => {
    await b.stop();
    await a.stop();
  });

  const sim = (path: string, body?: object) =>
    fetch(`${a.simulators.wechatApiBaseUrl}${path}`, body ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : undefined).then((r) => r.json());
  type SimMessage = { touser: string; errcode: number; template_id: string; data: Record<string, { value: string }> };
  const messagesTo = async (openid: string) => ((await sim('/__sim/messages')) as { messages: SimMessage[] }).messages.filter((m) => m.touser === openid && m.template_id === 'TPL_URGENT_READING');
  const as = (token: string) => ({
    get: (path: string) => request(a.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) => request(a.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
  });
  const urgentBp = () => ({
    measure: 'bp',
    clientReadingId: newClientReadingId(),
    measuredAt: clock.now().toISOString(),
    readings: [
      { systolicMmHg: 186, diastolicMmHg: 116 },
      { systolicMmHg: 182, diastolicMmHg: 112 },
    ],
    timeOfDay: 'morning',
  });

  /** 王秀英 with a daughter (view, subscribed), a son (view, not subscribed) and a nephew (redeem only). */
  async function family() {
    const elder = await createBoundResident(a, { institutionId: 'inst-east', teamId: 'team-east-1', name: '王秀英' });
    const [daughter, son, nephew] = await Promise.all([createAccount(a), createAccount(a), createAccount(a)]);
    await createProxyLink(a, { residentId: elder.resident.residentId, proxyAccountId: daughter.accountId, scopes: ['view', 'logReadings'], relationship: '女儿' });
    await createProxyLink(a, { residentId: elder.resident.residentId, proxyAccountId: son.accountId, scopes: ['view'], relationship: '儿子' });
    await createProxyLink(a, { residentId: elder.resident.residentId, proxyAccountId: nephew.accountId, scopes: ['redeem'], relationship: '其他亲属' });
    await sim('/__sim/subscriptions', { openid: daughter.openid, templateId: 'TPL_URGENT_READING', count: 3 });
    return { elder, daughter, son, nephew, residentId: elder.resident.residentId };
  }

  test('the saved reading says how severe it is and asks nothing to confirm; 首页 status has the plan and the team number', async () => {
    const { elder, residentId } = await family();
    await request(a.url).patch('/api/admin/teams/team-east-1').set('Authorization', `Bearer ${admin.token}`).send({ phone: '010-65000001' }).expect(200);

    const saved = await as(elder.account.token).post(`/api/residents/${residentId}/readings`, urgentBp());
    expect(saved.status).toBe(201);
    expect(saved.body.data.reading.assessment).toMatchObject({ urgent: true, grade: 'grade3', warnings: [] });
    expect(saved.body.data.alert.state).toBe('open');

    const status = await as(elder.account.token).get(`/api/residents/${residentId}/urgent-status`).expect(200);
    expect(status.body.data).toMatchObject({
      alert: {
        state: 'open',
        headline: '血压很高（3级），需要立即处理',
        valueText: '184/114 mmHg',
        acknowledgedAt: null,
        enteredByFamily: false,
      },
      team: { teamId: 'team-east-1', name: '东城家庭医生一队', phone: '010-65000001' },
    });
    expect(status.body.data.alert.steps[0]).toContain('休息5分钟');
    expect(status.body.data.alert.steps.join('')).toContain('120');
    expect(status.body.data.alert.call120Symptoms).toContain('胸痛、胸闷或后背痛');
  });

  test('each relative with view is told once across retries and two instances; 43101 recorded, not retried', async () => {
    const { elder, daughter, son, nephew, residentId } = await family();
    const body = urgentBp();
    const first = await as(elder.account.token).post(`/api/residents/${residentId}/readings`, body).expect(201);
    const alertId: string = first.body.data.alert.alertId;
    // The app retries (offline queue, a second tap): the same reading, the same alert, one job.
    await request(b.url).post(`/api/residents/${residentId}/readings`).set('Authorization', `Bearer ${elder.account.token}`).send(body).expect(201);
    expect(await a.service.deps.models.Job.countDocuments({ key: careAlertJobKey(alertId, 'raised') })).toBe(1);

    await Promise.all([a.service.jobs.runDueJobs(), b.service.jobs.runDueJobs()]);
    await Promise.all([a.service.jobs.runDueJobs(), b.service.jobs.runDueJobs()]);

    const toDaughter = await messagesTo(daughter.openid);
    expect(toDaughter.filter((m) => m.errcode === 0)).toHaveLength(1);
    expect(toDaughter[0]?.data).toMatchObject({
      thing1: { value: '王秀英' },
      thing2: { value: '血压184/114 mmHg' },
      thing3: { value: '血压很高（3级），需立即处理' },
      time4: { value: '2026-03-10 08:10' },
      thing5: { value: '休息5分钟后复测；有胸痛等症状拨120' },
    });
    // The son never subscribed: 43101, recorded once, not retried; he still has the in-app notice.
    expect((await messagesTo(son.openid)).map((m) => m.errcode)).toEqual([43101]);
    expect(await messagesTo(nephew.openid)).toEqual([]);
    const notices = await a.service.deps.models.CareNotice.find({ 'refs.alertId': alertId }).lean();
    expect(notices.map((n) => [String(n.accountId), n.kind, n.sendState]).sort()).toEqual(
      [
        [daughter.accountId, 'urgentReading', 'sent'],
        [son.accountId, 'urgentReading', 'not_subscribed'],
      ].sort(),
    );
    expect(notices.find((n) => String(n.accountId) === son.accountId)).toMatchObject({ lastErrcode: 43101, sendAttempts: 1 });
    expect(await a.service.deps.models.Job.findOne({ key: careAlertJobKey(alertId, 'raised') }).lean()).toMatchObject({ state: 'done', attempts: 1 });

    const daughterNotices = await as(daughter.token).get(`/api/residents/${residentId}/family-notices`).expect(200);
    expect(daughterNotices.body.data).toMatchObject({ unreadCount: 1, notices: [{ kind: 'urgentReading', title: '王秀英：血压很高（3级），需要立即处理', read: false, alertId }] });
    expect(daughterNotices.body.data.notices[0].body).toContain('184/114 mmHg');
    expect(daughterNotices.body.data.notices[0].body).toContain('拨打120');
  });

  test('a transient WeChat failure is retried with backoff and then sent once; the relative who entered it is not messaged', async () => {
    // Earlier tests' jobs first, so the injected failure meets this one.
    await a.service.jobs.runDueJobs();
    const { daughter, son, residentId } = await family();
    await sim('/__sim/subscriptions', { openid: son.openid, templateId: 'TPL_URGENT_READING', count: 1 });
    await sim('/__sim/fail-next', { api: 'subscribe_send', errcode: -1, times: 1 });
    // The daughter logs it for her mother (logReadings): she saw the advice on her own screen.
    const saved = await as(daughter.token).post(`/api/residents/${residentId}/readings`, urgentBp()).expect(201);
    const key = careAlertJobKey(saved.body.data.alert.alertId, 'raised');
    await a.service.jobs.runDueJobs();
    expect(await a.service.deps.models.Job.findOne({ key }).lean()).toMatchObject({ state: 'queued', attempts: 1 });
    clock.advanceMs(5_000);
    await b.service.jobs.runDueJobs();
    expect(await a.service.deps.models.Job.findOne({ key }).lean()).toMatchObject({ state: 'done', attempts: 2 });
    expect((await messagesTo(son.openid)).map((m) => m.errcode)).toEqual([-1, 0]);
    expect(await messagesTo(daughter.openid)).toEqual([]);
    const status = await as(son.token).get(`/api/residents/${residentId}/urgent-status`).expect(200);
    expect(status.body.data.alert.enteredByFamily).toBe(true);
  });

  test('acknowledged and closed: the resident and the relative see who and the closing note; status clears 3 days after closing', async () => {
    const { elder, daughter, residentId } = await family();
    const saved = await as(elder.account.token).post(`/api/residents/${residentId}/readings`, urgentBp()).expect(201);
    const alertId: string = saved.body.data.alert.alertId;
    clock.advanceMs(20 * 60_000);
    await as(doctor.token).post(`/api/staff/alerts/${alertId}/acknowledge`).expect(200);
    let status = await as(daughter.token).get(`/api/residents/${residentId}/urgent-status`).expect(200);
    expect(status.body.data.alert).toMatchObject({ state: 'acknowledged', acknowledgedBy: '李医生', acknowledgedAt: '2026-03-10T00:30:00.000Z' });

    clock.advanceMs(60 * 60_000);
    await as(doctor.token).post(`/api/staff/alerts/${alertId}/close`, { note: '已电话联系，复测 150/92，已调整用药' }).expect(200);
    status = await as(elder.account.token).get(`/api/residents/${residentId}/urgent-status`).expect(200);
    expect(status.body.data.alert).toMatchObject({ state: 'closed', closedBy: '李医生', closeNote: '已电话联系，复测 150/92，已调整用药' });

    await a.service.jobs.runDueJobs();
    const notices = await as(daughter.token).get(`/api/residents/${residentId}/family-notices`).expect(200);
    expect(notices.body.data.notices.map((n: { kind: string }) => n.kind)).toEqual(['urgentClosed', 'urgentAcknowledged', 'urgentReading']);
    expect(notices.body.data.notices[1].body).toBe('李医生 3月10日 08:30 已确认收到王秀英的184/114 mmHg，会尽快联系王秀英。');
    expect(notices.body.data.notices[0].body).toBe('李医生的处理说明：已电话联系，复测 150/92，已调整用药');
    // Only the raising step is a WeChat message; the others are in-app.
    expect((await messagesTo(daughter.openid)).filter((m) => m.errcode === 0)).toHaveLength(1);
    await as(daughter.token).post(`/api/residents/${residentId}/family-notices/read`).expect(200);
    expect((await as(daughter.token).get(`/api/residents/${residentId}/family-notices`)).body.data.unreadCount).toBe(0);

    clock.advanceMs(3 * 24 * 3_600_000 + 60_000);
    status = await as(elder.account.token).get(`/api/residents/${residentId}/urgent-status`).expect(200);
    expect(status.body.data.alert).toBeNull();
  });

  test('who may read: the resident and relatives with view (audited); notices are the relative’s own', async () => {
    const { elder, daughter, son, nephew, residentId } = await family();
    await as(elder.account.token).post(`/api/residents/${residentId}/readings`, urgentBp()).expect(201);
    await a.service.jobs.runDueJobs();
    const stranger = await createAccount(a);
    await as(nephew.token).get(`/api/residents/${residentId}/urgent-status`).expect(403);
    await as(stranger.token).get(`/api/residents/${residentId}/urgent-status`).expect(403);
    await as(elder.account.token).get(`/api/residents/${residentId}/family-notices`).expect(403);
    const sons = await as(son.token).get(`/api/residents/${residentId}/family-notices`).expect(200);
    expect(sons.body.data.notices).toHaveLength(1);
    const daughters = await as(daughter.token).get(`/api/residents/${residentId}/family-notices`).expect(200);
    expect(daughters.body.data.notices[0].noticeId).not.toBe(sons.body.data.notices[0].noticeId);

    await as(daughter.token).get(`/api/residents/${residentId}/urgent-status`).expect(200);
    const audit = await a.service.deps.models.AuditEntry.find({ subjectResidentId: residentId, 'actor.accountId': daughter.accountId }).lean();
    expect(audit.map((e) => e.action).sort()).toEqual(['resident.familyNotices.read', 'resident.records.read']);
    expect(audit.every((e) => e.actor.kind === 'proxy')).toBe(true);
  });

  test('the clinic system’s contract gives the registered team its service number', async () => {
    const client = await createIntegrationClient(a, { institutionId: 'inst-east' });
    await request(a.url).patch('/api/admin/teams/team-east-1').set('Authorization', `Bearer ${admin.token}`).send({ phone: null }).expect(200);
    const lines = [
      { type: 'archive', sourceId: 'A-PHONE', name: '陈福生', idNumber: fakeIdNumber(), phone: null, teamId: 'team-east-1' },
      {
        type: 'contract',
        sourceId: 'C-PHONE',
        residentSourceId: 'A-PHONE',
        team: { teamId: 'team-east-1', name: '东城家庭医生一队', phone: '010-65000009', members: [] },
        packageName: '基础包',
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        status: 'active',
      },
    ];
    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    const pushed = await request(a.url).post('/api/integration/import').set(signedHeaders(client, { method: 'POST', path: '/api/integration/import', body: text, now: clock.now() })).set('Content-Type', 'application/x-ndjson').send(text);
    expect(pushed.body).toMatchObject({ data: { summary: { rejected: 0 } } });
    expect((await a.service.deps.models.Team.findById('team-east-1').lean())?.phone).toBe('010-65000009');
    const residentId: string = pushed.body.data.results[0].residentId;
    const account = await createAccount(a, { residentId });
    const status = await as(account.token).get(`/api/residents/${residentId}/urgent-status`).expect(200);
    expect(status.body.data).toMatchObject({ alert: null, team: { name: '东城家庭医生一队', phone: '010-65000009' } });
  });
});
