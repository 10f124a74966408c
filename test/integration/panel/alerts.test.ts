import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { enqueueJob } from '../../../server/jobs/jobQueue';
import { alertEscalator, ESCALATE_AFTER_MS } from '../../../server/panel/alertEscalation';
import { escalateAlertsJob } from '../../../server/reports/jobs';
import { createAccount, createAlert, createBoundResident, createResident, newClientReadingId } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * Urgent-reading alerts from the doctor's side: a resident's urgent BP raises one alert for their
 * team; the doctor acknowledges it, reveals the phone number to call (audited, and visible to the
 * resident in 谁查看了我的信息), and closes it with a note. An alert still open 24 h after it was
 * raised is escalated to the team lead exactly once — across repeated runs, the durable job on two
 * instances at once, and two escalators racing.
 */
describe('alerts: acknowledge → call → close, and escalation to the team lead', () => {
  let stack: TestStack;
  let second: TestStack;
  const clock = new ManualClock(new Date('2026-04-01T01:00:00Z'));
  const inst = 'inst-a';
  const deps = () => stack.service.deps;
  let admin: string;
  let doctor: { token: string; accountId: string };
  let lead: { token: string; accountId: string };
  let doctorOtherTeam: string;

  const as = (token: string) => ({
    get: (path: string) => request(stack.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) => request(stack.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    second = await startTestStack({ clock, sameDatabaseAs: stack, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    admin = (await createAccount(stack, { roles: ['admin'] })).token;
    doctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: inst, teamId: 'team-a1' } });
    lead = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: inst, teamId: 'team-a1' } });
    doctorOtherTeam = (await createAccount(stack, { roles: ['doctor'], staff: { institutionId: inst, teamId: 'team-a2' } })).token;
    expect((await as(admin).post('/api/admin/institutions', { institutionId: inst, name: '测试社区卫生服务中心' })).status).toBe(201);
    const team = await as(admin).post('/api/admin/teams', {
      teamId: 'team-a1',
      institutionId: inst,
      name: '一队',
      members: [
        { accountId: doctor.accountId, name: '李医生', role: 'gp' },
        { accountId: lead.accountId, name: '王队长', role: 'gp', lead: true },
      ],
    });
    expect(team.status).toBe(201);
    // A team without a lead: its alerts wait until one is named.
    expect((await as(admin).post('/api/admin/teams', { teamId: 'team-a2', institutionId: inst, name: '二队', members: [] })).status).toBe(201);
  });
  afterAll(async () => {
    await second.stop();
    await stack.stop();
  });

  test('an urgent home reading → one alert for the team → acknowledged → phone revealed (audited) → closed with a note', async () => {
    const { resident, account } = await createBoundResident(stack, { institutionId: inst, teamId: 'team-a1', phone: '13800001234' });
    const reading = { measure: 'bp', clientReadingId: newClientReadingId(), measuredAt: clock.now().toISOString(), readings: [{ systolicMmHg: 186, diastolicMmHg: 112 }, { systolicMmHg: 184, diastolicMmHg: 110 }] };
    const logged = await as(account.token).post(`/api/residents/${resident.residentId}/readings`, reading);
    expect(logged.status).toBe(201);
    const alertId = logged.body.data.alert.alertId as string;
    expect(logged.body.data.alert).toMatchObject({ state: 'open', measure: 'bp', teamId: 'team-a1' });
    // The app retries the same reading: still one alert.
    expect((await as(account.token).post(`/api/residents/${resident.residentId}/readings`, reading)).body.data.alert.alertId).toBe(alertId);
    expect(await deps().models.Alert.countDocuments({ residentId: resident.residentId })).toBe(1);

    const open = await as(doctor.token).get('/api/staff/alerts');
    expect(open.body.data.alerts.map((a: { alertId: string }) => a.alertId)).toContain(alertId);
    expect((await as(doctorOtherTeam).get('/api/staff/alerts')).body.data.alerts).toEqual([]);

    // Another team's doctor can neither handle it nor see the number.
    expect((await as(doctorOtherTeam).post(`/api/staff/alerts/${alertId}/acknowledge`)).status).toBe(403);
    expect((await as(doctorOtherTeam).post(`/api/staff/residents/${resident.residentId}/phone`, { alertId })).status).toBe(403);

    const acknowledged = await as(doctor.token).post(`/api/staff/alerts/${alertId}/acknowledge`);
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.data.alert).toMatchObject({ state: 'acknowledged', acknowledgedAt: clock.now().toISOString(), closedAt: null });
    const again = await as(doctor.token).post(`/api/staff/alerts/${alertId}/acknowledge`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('alert_not_open');

    const phone = await as(doctor.token).post(`/api/staff/residents/${resident.residentId}/phone`, { alertId, reason: '预警电话联系' });
    expect(phone.status).toBe(200);
    expect(phone.body.data).toEqual({ residentId: resident.residentId, phone: '13800001234' });
    const reveal = await deps().models.AuditEntry.findOne({ subjectResidentId: resident.residentId, action: 'resident.phone.reveal' }).lean();
    expect(reveal).toMatchObject({ actor: expect.objectContaining({ kind: 'doctor', institutionId: inst }), what: { field: 'phone', alertId, reason: '预警电话联系' } });
    expect(String(reveal?.actor.accountId)).toBe(doctor.accountId);
    // Nothing of the number itself is in the audit trail.
    expect(JSON.stringify(reveal)).not.toContain('13800001234');
    // The resident sees who looked at the number.
    const log = await as(account.token).get(`/api/residents/${resident.residentId}/audit-entries?actorKind=doctor`);
    expect(log.body.data.entries.map((e: { action: string; actionLabel: string }) => [e.action, e.actionLabel])).toContainEqual(['resident.phone.reveal', '查看了手机号（电话联系）']);

    expect((await as(doctor.token).post(`/api/staff/alerts/${alertId}/close`, { note: '  ' })).body.error.code).toBe('validation_failed');
    const closed = await as(doctor.token).post(`/api/staff/alerts/${alertId}/close`, { note: '已电话联系，复测 150/92，已调整用药' });
    expect(closed.status).toBe(200);
    expect(closed.body.data.alert).toMatchObject({ state: 'closed', closeNote: '已电话联系，复测 150/92，已调整用药' });
    const closedAgain = await as(doctor.token).post(`/api/staff/alerts/${alertId}/close`, { note: '再次关闭' });
    expect(closedAgain.status).toBe(409);
    expect(closedAgain.body.error.code).toBe('alert_already_closed');

    // The resident sees the outcome; the alert no longer counts on the panel's open list.
    const mine = await as(account.token).get(`/api/residents/${resident.residentId}/alerts`);
    expect(mine.body.data.alerts[0]).toMatchObject({ alertId, state: 'closed', closeNote: '已电话联系，复测 150/92，已调整用药' });
    expect((await as(doctor.token).get('/api/staff/alerts')).body.data.alerts.map((a: { alertId: string }) => a.alertId)).not.toContain(alertId);

    // A closed alert is never escalated, however old.
    clock.advanceMs(ESCALATE_AFTER_MS * 2);
    await alertEscalator(deps());
    expect((await deps().models.Alert.findById(alertId).lean())?.escalatedAt ?? null).toBeNull();
  });

  test('open for 24 h → escalated to the team lead once, however often the escalator runs; acknowledged alerts are not', async () => {
    const { residentId } = await createResident(stack, { name: '赵升级', institutionId: inst, teamId: 'team-a1' });
    const { alertId } = await createAlert(stack, { residentId, institutionId: inst, teamId: 'team-a1' });
    const { residentId: calmId } = await createResident(stack, { institutionId: inst, teamId: 'team-a1' });
    const { alertId: handledId } = await createAlert(stack, { residentId: calmId, institutionId: inst, teamId: 'team-a1' });
    await as(doctor.token).post(`/api/staff/alerts/${handledId}/acknowledge`);

    clock.advanceMs(ESCALATE_AFTER_MS - 60_000);
    expect(await alertEscalator(deps())).toEqual({ escalated: 0, withoutLead: 0 });

    clock.advanceMs(60_000);
    expect(await alertEscalator(deps())).toEqual({ escalated: 1, withoutLead: 0 });
    expect(await alertEscalator(deps())).toEqual({ escalated: 0, withoutLead: 0 });
    clock.advanceMs(3600_000);
    expect(await alertEscalator(deps())).toEqual({ escalated: 0, withoutLead: 0 });

    const alert = await deps().models.Alert.findById(alertId).lean();
    expect(alert?.escalatedAt?.toISOString()).toBe(new Date(clock.now().getTime() - 3600_000).toISOString());
    expect(alert?.escalatedToAccountIds?.map(String)).toEqual([lead.accountId]);
    expect((await deps().models.Alert.findById(handledId).lean())?.escalatedAt ?? null).toBeNull();

    // The lead — and only the lead — has one notice about it, and marks it read.
    const notices = await as(lead.token).get('/api/staff/notices');
    const about = notices.body.data.notices.filter((n: { refs: { alertId?: string } }) => n.refs.alertId === alertId);
    expect(about).toHaveLength(1);
    expect(about[0]).toMatchObject({ kind: 'alertEscalated', title: '预警超过 24 小时未处理', readAt: null, refs: { alertId, residentId, teamId: 'team-a1' } });
    expect(about[0].body).toContain('赵升级');
    expect((await as(doctor.token).get('/api/staff/notices')).body.data.notices.filter((n: { refs: { alertId?: string } }) => n.refs.alertId === alertId)).toEqual([]);
  });

  test('the durable escalation job on two instances at once notifies once; a team without a lead waits for one', async () => {
    const { residentId } = await createResident(stack, { institutionId: inst, teamId: 'team-a1' });
    const { alertId } = await createAlert(stack, { residentId, institutionId: inst, teamId: 'team-a1' });
    const { residentId: leaderless } = await createResident(stack, { institutionId: inst, teamId: 'team-a2' });
    const { alertId: waitingId } = await createAlert(stack, { residentId: leaderless, institutionId: inst, teamId: 'team-a2' });
    clock.advanceMs(ESCALATE_AFTER_MS + 5 * 60_000);

    // Each instance's job loop enqueues the same slot (one job by its key) and both run their queue at once.
    const slot = `${escalateAlertsJob}@test-${clock.now().toISOString()}`;
    await Promise.all([stack, second].map((s) => enqueueJob(s.service.deps.models, { name: escalateAlertsJob, key: slot, runAt: clock.now() })));
    await Promise.all([stack.service.jobs.runDueJobs(), second.service.jobs.runDueJobs()]);
    const runs = await deps().models.Job.find({ key: slot }).lean();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ state: 'done', result: { escalated: 1, withoutLead: 1 } });

    // The next slot runs again: nothing new for the escalated alert; the leaderless one still waits.
    clock.advanceMs(5 * 60_000);
    await enqueueJob(deps().models, { name: escalateAlertsJob, key: `${slot}:next`, runAt: clock.now() });
    await second.service.jobs.runDueJobs();
    expect((await deps().models.Job.findOne({ key: `${slot}:next` }).lean())?.result).toEqual({ escalated: 0, withoutLead: 1 });
    expect(await deps().models.StaffNotice.countDocuments({ 'refs.alertId': alertId })).toBe(1);
    expect((await deps().models.Alert.findById(waitingId).lean())?.escalatedAt ?? null).toBeNull();

    // The admin names a lead for team-a2: the waiting alert goes to them on the next run.
    const newLead = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: inst, teamId: 'team-a2' } });
    const patched = await request(stack.url)
      .patch('/api/admin/teams/team-a2')
      .set('Authorization', `Bearer ${admin}`)
      .send({ members: [{ accountId: newLead.accountId, name: '周队长', role: 'gp', lead: true }] });
    expect(patched.status).toBe(200);
    expect(await alertEscalator(second.service.deps)).toEqual({ escalated: 1, withoutLead: 0 });
    expect(await deps().models.StaffNotice.countDocuments({ 'refs.alertId': waitingId, accountId: newLead.accountId })).toBe(1);
  });

  test('two escalators racing on the same alert: one escalation, one notice per lead', async () => {
    const results = [];
    const alertIds: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const { residentId } = await createResident(stack, { institutionId: inst, teamId: 'team-a1' });
      alertIds.push((await createAlert(stack, { residentId, institutionId: inst, teamId: 'team-a1' })).alertId);
    }
    clock.advanceMs(ESCALATE_AFTER_MS + 1_000);
    results.push(...(await Promise.all([alertEscalator(stack.service.deps), alertEscalator(second.service.deps), alertEscalator(stack.service.deps)])));
    expect(results.reduce((sum, r) => sum + r.escalated, 0)).toBe(5);
    for (const alertId of alertIds) {
      expect(await deps().models.StaffNotice.countDocuments({ 'refs.alertId': alertId })).toBe(1);
      expect((await deps().models.Alert.findById(alertId).lean())?.escalatedAt).not.toBeNull();
    }
  });

  test('a doctor marks their own notice read (the first read time is kept); nobody else can', async () => {
    const notice = (await as(lead.token).get('/api/staff/notices?pageSize=1')).body.data.notices[0] as { noticeId: string; readAt: string | null };
    expect(notice.readAt).toBeNull();
    const read = await as(lead.token).post(`/api/staff/notices/${notice.noticeId}/read`);
    expect(read.status).toBe(200);
    expect(read.body.data.notice).toMatchObject({ noticeId: notice.noticeId, readAt: clock.now().toISOString() });
    const firstReadAt = read.body.data.notice.readAt as string;
    clock.advanceMs(60_000);
    expect((await as(lead.token).post(`/api/staff/notices/${notice.noticeId}/read`)).body.data.notice.readAt).toBe(firstReadAt);
    const listed = (await as(lead.token).get('/api/staff/notices')).body.data.notices.find((n: { noticeId: string }) => n.noticeId === notice.noticeId);
    expect(listed.readAt).toBe(firstReadAt);

    // Another doctor of the same team: not their notice.
    const other = await as(doctor.token).post(`/api/staff/notices/${notice.noticeId}/read`);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('notice_not_found');
    const { account } = await createBoundResident(stack, { institutionId: inst, teamId: 'team-a1' });
    expect((await as(account.token).post(`/api/staff/notices/${notice.noticeId}/read`)).status).toBe(403);
  });
});
