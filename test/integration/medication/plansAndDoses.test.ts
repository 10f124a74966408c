import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { doseReminderScheduler } from '../../../server/medication/doseReminders';
import { createAccount, createBoundResident, createProxyLink, newClientReadingId, recordClinicFact } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';
import { clinicSystem, simulator } from './harness';

/**
 * Medication plans from the clinic system and from the doctor, versioned; 今天要吃的药 and the
 * one-tap 已服用 / 跳过 (the resident or a family member with `logReadings`, never the doctor);
 * dose reminders as durable jobs through the reminder sender, once each, quiet at night; adherence
 * for the resident and on the doctor's panel (依从性差).
 *
 * The clock starts on Tuesday 2026-03-10 at 08:00 Shanghai (00:00 UTC).
 */
describe('medication plans, doses, reminders and adherence', () => {
  let stack: TestStack;
  let second: TestStack;
  const clock = new ManualClock(new Date('2026-03-10T00:00:00Z'));
  const at = (shanghai: string) => new Date(`${shanghai}+08:00`);
  let clinic: Awaited<ReturnType<typeof clinicSystem>>;

  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    second = await startTestStack({ clock, sameDatabaseAs: stack });
    clinic = await clinicSystem(stack, clock);
  });
  beforeEach(() => clock.set(new Date('2026-03-10T00:00:00Z')));
  afterAll(async () => {
    await second?.stop();
    await stack?.stop();
  });

  const as = (token: string) => ({
    get: (path: string) => request(stack.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object) => request(stack.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
    put: (path: string, body: object) => request(stack.url).put(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  async function family() {
    const { resident, account } = await createBoundResident(stack, { institutionId: 'inst-east', teamId: 'team-east-1' });
    const daughter = await createAccount(stack);
    await createProxyLink(stack, { residentId: resident.residentId, proxyAccountId: daughter.accountId, scopes: ['view', 'logReadings'] });
    const viewer = await createAccount(stack);
    await createProxyLink(stack, { residentId: resident.residentId, proxyAccountId: viewer.accountId, scopes: ['view'] });
    const doctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } });
    return { resident, account, daughter, viewer, doctor, base: `/api/residents/${resident.residentId}` };
  }

  test('a clinic system’s plan: default times from 每日 N 次; a changed push is a new version from that day, history kept', async () => {
    const f = await family();
    const ref = await clinic.archiveIdOf(f.resident.residentId);
    const plan = { residentSourceId: ref, drugName: '氨氯地平片', forCondition: 'hypertension', timesPerDay: 2, doseMgPerTime: 5, startedOn: '2026-03-01', status: 'active' };
    expect((await clinic.put('medication-plans', 'M-1', plan)).body.data.result).toBe('created');
    expect((await clinic.put('medication-plans', 'M-1', plan)).body.data.result).toBe('unchanged');

    const today = await as(f.account.token).get(`${f.base}/medication/today`);
    expect(today.status).toBe(200);
    expect(today.body.data.doses.map((d: { time: string; state: string; doseText: string }) => [d.time, d.state, d.doseText])).toEqual([
      ['08:00', 'overdue', '5mg'],
      ['20:00', 'upcoming', '5mg'],
    ]);

    clock.set(at('2026-03-12T09:00:00'));
    expect((await clinic.put('medication-plans', 'M-1', { ...plan, timesOfDay: ['07:30'], doseMgPerTime: 10 })).body.data.result).toBe('updated');
    const plans = await as(f.viewer.token).get(`${f.base}/medication/plans`);
    expect(plans.status).toBe(200);
    const [stored] = plans.body.data.plans;
    expect(stored).toMatchObject({ source: 'clinicSystem', editable: false, version: 2, timesOfDay: ['07:30'], doseText: '10mg' });
    expect(stored.versions.map((v: { version: number; effectiveFrom: string; timesOfDay: string[] }) => [v.version, v.effectiveFrom, v.timesOfDay])).toEqual([
      [1, '2026-03-01', ['08:00', '20:00']],
      [2, '2026-03-12', ['07:30']],
    ]);
    // The 档案 shows the plan with its times too.
    const records = await as(f.account.token).get(`${f.base}/records`);
    expect(records.body.data.medications[0]).toMatchObject({ drugName: '氨氯地平片', timesOfDay: ['07:30'] });
  });

  test('the doctor’s plan: created once per request id, changed from the version seen, stale and clinic-system changes refused', async () => {
    const f = await family();
    const doctor = as(f.doctor.token);
    const body = { clientRequestId: newClientReadingId(), drugName: '依那普利叶酸片', doseText: '1片', forCondition: 'hypertension', timesOfDay: ['19:30', '07:30'], startedOn: '2026-03-10', programmeSubsidised: true, longPrescription: { daysSupply: 56, lastDispensedOn: '2026-03-10' } };
    const created = await doctor.post(`/api/staff/residents/${f.resident.residentId}/medication-plans`, body);
    expect(created.status).toBe(201);
    expect(created.body.data.plan).toMatchObject({ source: 'doctor', editable: true, version: 1, timesOfDay: ['07:30', '19:30'], programmeSubsidised: true, longPrescription: { daysSupply: 56, refillDueOn: '2026-05-05' } });
    const planId: string = created.body.data.plan.planId;
    const retry = await doctor.post(`/api/staff/residents/${f.resident.residentId}/medication-plans`, body);
    expect([retry.status, retry.body.data.created, retry.body.data.plan.planId]).toEqual([200, false, planId]);
    const reused = await doctor.post(`/api/staff/residents/${f.resident.residentId}/medication-plans`, { ...body, doseText: '2片' });
    expect([reused.status, reused.body.error.code]).toEqual([409, 'staff_request_id_reused']);

    const change = { ...body, clientRequestId: newClientReadingId(), expectedVersion: 1, timesOfDay: ['08:00'] };
    const changed = await doctor.put(`/api/staff/residents/${f.resident.residentId}/medication-plans/${planId}`, change);
    expect(changed.status).toBe(200);
    expect(changed.body.data.plan).toMatchObject({ version: 2, timesOfDay: ['08:00'] });
    // Retrying the same change answers it again; another change from version 1 is stale.
    expect((await doctor.put(`/api/staff/residents/${f.resident.residentId}/medication-plans/${planId}`, change)).body.data.plan.version).toBe(2);
    const stale = await doctor.put(`/api/staff/residents/${f.resident.residentId}/medication-plans/${planId}`, { ...change, clientRequestId: newClientReadingId(), timesOfDay: ['09:00'] });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'medication_plan_changed']);
    const stopped = await doctor.put(`/api/staff/residents/${f.resident.residentId}/medication-plans/${planId}`, { ...change, clientRequestId: newClientReadingId(), expectedVersion: 2, status: 'stopped' });
    expect(stopped.body.data.plan).toMatchObject({ version: 3, status: 'stopped' });
    expect((await as(f.account.token).get(`${f.base}/medication/today`)).body.data.doses).toEqual([]);

    const ref = await clinic.archiveIdOf(f.resident.residentId);
    await clinic.put('medication-plans', 'M-2', { residentSourceId: ref, drugName: '二甲双胍片', timesPerDay: 1, startedOn: '2026-03-01', status: 'active' });
    const clinicPlan = (await as(f.account.token).get(`${f.base}/medication/plans`)).body.data.plans.find((p: { drugName: string }) => p.drugName === '二甲双胍片');
    const refused = await doctor.put(`/api/staff/residents/${f.resident.residentId}/medication-plans/${clinicPlan.planId}`, { ...change, clientRequestId: newClientReadingId() });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'medication_plan_managed_by_clinic_system']);
    // Only the resident's own team writes plans.
    const other = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-west', teamId: 'team-west-1' } });
    expect((await as(other.token).post(`/api/staff/residents/${f.resident.residentId}/medication-plans`, { ...body, clientRequestId: newClientReadingId() })).status).toBe(403);
    // Ending before it starts is a rule across two fields: its own code, nothing stored.
    const backwards = await doctor.post(`/api/staff/residents/${f.resident.residentId}/medication-plans`, { ...body, clientRequestId: newClientReadingId(), endedOn: '2026-03-01' });
    expect([backwards.status, backwards.body.error.code, backwards.body.error.message]).toEqual([422, 'medication_plan_ends_before_start', '停药日期不能早于开始日期']);
  });

  test('已服用 by a family member with 记录读数; not by one who may only view, nor by the doctor; only today’s doses', async () => {
    const f = await family();
    const created = await as(f.doctor.token).post(`/api/staff/residents/${f.resident.residentId}/medication-plans`, { clientRequestId: newClientReadingId(), drugName: '氨氯地平片', doseText: '5mg', timesOfDay: ['07:30', '20:00'], startedOn: '2026-03-10' });
    const planId: string = created.body.data.plan.planId;
    const dose = (time: string, status = 'taken', extra: object = {}) => ({ planId, time, status, ...extra });

    const taken = await as(f.daughter.token).post(`${f.base}/medication/doses`, dose('07:30'));
    expect(taken.status).toBe(200);
    expect(taken.body.data.dose).toMatchObject({ state: 'taken', recordedBy: 'proxy', day: '2026-03-10' });
    expect(taken.body.data.adherence.last30).toEqual({ windowDays: 30, daysWithDoses: 0, daysCovered: 0, percent: null, level: 'unknown' });
    expect((await as(f.viewer.token).post(`${f.base}/medication/doses`, dose('20:00'))).status).toBe(403);
    expect((await as(f.doctor.token).post(`${f.base}/medication/doses`, dose('20:00'))).status).toBe(403);
    const notToday = await as(f.account.token).post(`${f.base}/medication/doses`, dose('12:00'));
    expect([notToday.status, notToday.body.error.code]).toEqual([422, 'dose_not_scheduled_today']);
    const noReason = await as(f.account.token).post(`${f.base}/medication/doses`, dose('20:00', 'skipped'));
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'validation_failed']);

    // 跳过（原因）, then changed the same day: the last tap counts, one document per dose.
    await as(f.account.token).post(`${f.base}/medication/doses`, dose('20:00', 'skipped', { skipReason: 'unwell' }));
    clock.set(at('2026-03-10T21:00:00'));
    const changed = await as(f.account.token).post(`${f.base}/medication/doses`, dose('20:00'));
    expect(changed.body.data.dose).toMatchObject({ state: 'taken', recordedBy: 'resident', skipReason: null });
    expect(changed.body.data.adherence.last30).toMatchObject({ daysWithDoses: 1, daysCovered: 1, percent: 100, level: 'good' });
    expect(await stack.service.deps.models.MedicationDose.countDocuments({ planId })).toBe(2);

    // The next day: yesterday's doses can no longer be marked; today's 07:30 missed stays listed.
    clock.set(at('2026-03-11T10:00:00'));
    const today = await as(f.viewer.token).get(`${f.base}/medication/today`);
    expect(today.body.data.doses.map((d: { time: string; state: string }) => `${d.time} ${d.state}`)).toEqual(['07:30 overdue', '20:00 upcoming']);
  });

  test('dose reminders: one job per dose, once across instances, pushed by day and kept in the app at night', async () => {
    const f = await family();
    const sim = simulator(stack);
    await sim.grant(f.account.openid, 'TPL_MEDICATION_REMINDER', 5);
    await as(f.doctor.token).post(`/api/staff/residents/${f.resident.residentId}/medication-plans`, { clientRequestId: newClientReadingId(), drugName: '阿托伐他汀钙片', doseText: '20mg', timesOfDay: ['12:00', '22:30'], startedOn: '2026-03-10' });
    const keys = async () => (await stack.service.deps.models.Job.find({ 'payload.kind': 'doseDue', 'payload.residentId': f.resident.residentId }, { key: 1 }).lean()).map((j) => j.key).sort();
    // The plan's write scheduled the next 26 hours (today 12:00 and 22:30); scheduling again, on
    // any instance, adds nothing.
    const scheduled = await keys();
    expect(scheduled).toHaveLength(2);
    await Promise.all([doseReminderScheduler(stack.service.deps), doseReminderScheduler(second.service.deps)]);
    expect(await keys()).toEqual(scheduled);

    clock.set(at('2026-03-10T12:00:00'));
    await Promise.all([stack.service.jobs.runDueJobs(), second.service.jobs.runDueJobs()]);
    const noon = (await sim.messagesTo(f.account.openid)).filter((m) => m.template_id === 'TPL_MEDICATION_REMINDER');
    expect(noon).toHaveLength(1);
    expect(noon[0]).toMatchObject({ errcode: 0, data: { thing1: { value: '阿托伐他汀钙片' }, time2: { value: '2026-03-10 12:00' } } });
    const reminders = (await as(f.daughter.token).get(`${f.base}/reminders`)).body.data.reminders;
    expect(reminders).toEqual([expect.objectContaining({ kind: 'doseDue', title: '该吃药了', wechat: 'sent' })]);
    expect(reminders[0].body).toContain('中午 12:00');

    // 22:30 is inside the quiet hours (22:00–07:00): in the app, not pushed.
    clock.set(at('2026-03-10T22:30:00'));
    await stack.service.jobs.runDueJobs();
    expect((await sim.messagesTo(f.account.openid)).filter((m) => m.template_id === 'TPL_MEDICATION_REMINDER')).toHaveLength(1);
    const night = await stack.service.deps.models.Reminder.findOne({ residentId: f.resident.residentId, doseKey: { $regex: ':2026-03-10:22:30$' } }).lean();
    expect(night).toMatchObject({ sendState: 'quiet_hours', kind: 'doseDue' });

    // A dose already marked gets no reminder.
    clock.set(at('2026-03-11T11:00:00'));
    await doseReminderScheduler(stack.service.deps);
    const planId = String(night?.doseKey).split(':')[0];
    await as(f.account.token).post(`${f.base}/medication/doses`, { planId, time: '12:00', status: 'taken' });
    clock.set(at('2026-03-11T12:00:00'));
    await stack.service.jobs.runDueJobs();
    expect(await stack.service.deps.models.Reminder.countDocuments({ residentId: f.resident.residentId })).toBe(2);
  });

  test('a reminder job that runs after its dose’s day is over (the service was down) reminds of nothing', async () => {
    const f = await family();
    await as(f.doctor.token).post(`/api/staff/residents/${f.resident.residentId}/medication-plans`, { clientRequestId: newClientReadingId(), drugName: '二甲双胍片', doseText: '0.5g', timesOfDay: ['21:00'], startedOn: '2026-03-10' });
    clock.set(at('2026-03-11T07:00:00'));
    await stack.service.jobs.runDueJobs();
    const job = await stack.service.deps.models.Job.findOne({ 'payload.residentId': f.resident.residentId, 'payload.day': '2026-03-10' }).lean();
    expect(job).toMatchObject({ state: 'done', result: { skipped: 'dose_day_over' } });
    expect(await stack.service.deps.models.Reminder.countDocuments({ residentId: f.resident.residentId })).toBe(0);
  });

  test('adherence on the doctor’s panel, with the 依从性差 filter', async () => {
    const f = await family();
    await recordClinicFact(stack, { kind: 'contract', residentId: f.resident.residentId, institutionId: 'inst-east', teamId: 'team-east-1', startsOn: '2026-01-01', endsOn: '2026-12-31' });
    await as(f.doctor.token).post(`/api/staff/residents/${f.resident.residentId}/medication-plans`, { clientRequestId: newClientReadingId(), drugName: '氨氯地平片', doseText: '5mg', timesOfDay: ['08:00'], startedOn: '2026-03-10' });
    const planId: string = (await as(f.account.token).get(`${f.base}/medication/plans`)).body.data.plans[0].planId;
    const panelRow = async (query = '') => ((await as(f.doctor.token).get(`/api/staff/panel?pageSize=100${query}`)).body.data.residents as Array<{ residentId: string; adherence: unknown }>).find((r) => r.residentId === f.resident.residentId);

    // Day 1 missed, day 2 missed, day 3 taken by the daughter: 1 of 3 days → 依从性差.
    clock.set(at('2026-03-12T08:10:00'));
    await as(f.daughter.token).post(`${f.base}/medication/doses`, { planId, time: '08:00', status: 'taken' });
    expect(await panelRow()).toMatchObject({ adherence: { percent: 33, level: 'poor' } });
    expect(await panelRow('&adherence=poor')).toBeDefined();
    expect(await panelRow('&adherence=good')).toBeUndefined();
    const mine = await as(f.account.token).get(`${f.base}/medication/today`);
    expect(mine.body.data.adherence.last30).toMatchObject({ daysWithDoses: 3, daysCovered: 1, percent: 33, level: 'poor' });
  });
});
