import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { staleAdherenceRefresher } from '../../../server/medication/adherence';
import { adherentWeekJudge, folateCourseWatcher } from '../../../server/medication/courseEvents';
import { pointsEventConsumer } from '../../../server/passbook/eventConsumer';
import { createAccount, createBoundResident, newClientReadingId, recordClinicFact } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * The folate course (3 months, then the Hcy re-check due item, then the completion the policy
 * rewards), refills of long prescriptions as due items, the adherence points rule (off by default,
 * on from the day a policy version says so) and the programme report's adherence line.
 */
describe('folate course, refills, adherence points and the report', () => {
  let stack: TestStack;
  const clock = new ManualClock(new Date('2026-03-02T00:00:00Z'));
  const at = (shanghai: string) => new Date(`${shanghai}+08:00`);

  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000', SESSION_TTL_HOURS: '2000' } });
  });
  beforeEach(() => clock.set(new Date('2026-03-02T00:00:00Z')));
  afterAll(() => stack?.stop());

  const as = (token: string) => ({
    get: (path: string) => request(stack.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object) => request(stack.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  async function contracted() {
    const { resident, account } = await createBoundResident(stack, { institutionId: 'inst-east', teamId: 'team-east-1' });
    await recordClinicFact(stack, { kind: 'contract', residentId: resident.residentId, institutionId: 'inst-east', teamId: 'team-east-1', startsOn: '2026-01-01', endsOn: '2026-12-31' });
    const doctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } });
    const plan = (body: object) => as(doctor.token).post(`/api/staff/residents/${resident.residentId}/medication-plans`, { clientRequestId: newClientReadingId(), doseText: '1片', timesOfDay: ['08:00'], ...body });
    return { resident, account, doctor, plan, base: `/api/residents/${resident.residentId}` };
  }
  const pointsResultOf = async (eventId: string) => {
    await pointsEventConsumer(stack.service.deps);
    return (await stack.service.deps.models.DomainEvent.findOne({ eventId }).lean())?.pointsResult;
  };

  test('a free folate course: the re-check is due 3 months on, an Hcy test from 14 days before closes it, the completion earns once', async () => {
    const f = await contracted();
    const created = await f.plan({ drugName: '5-甲基四氢叶酸', doseText: '0.8mg', forCondition: 'hyperhomocysteinemia', startedOn: '2025-12-05', folateCourse: { freeOfCharge: true } });
    expect(created.body.data.plan.folateCourse).toEqual({ freeOfCharge: true, endsOn: '2026-03-04', recheckDueOn: '2026-03-05', recheckedOn: null });
    // The course ended on 4 March: no doses after it.
    clock.set(at('2026-03-06T09:00:00'));
    expect((await as(f.account.token).get(`${f.base}/medication/today`)).body.data.doses).toEqual([]);
    const due = (await as(f.account.token).get(`${f.base}/due-items`)).body.data.items;
    expect(due).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'hcyRecheck', dueBy: '2026-03-05', status: 'overdue' })]));

    await as(f.doctor.token).post(`/api/staff/residents/${f.resident.residentId}/screenings`, { clientRequestId: newClientReadingId(), kind: 'labResult', values: { hcyUmolL: 9.6 } });
    expect((await as(f.account.token).get(`${f.base}/due-items`)).body.data.items.filter((d: { kind: string }) => d.kind === 'hcyRecheck')).toEqual([]);
    expect((await as(f.account.token).get(`${f.base}/medication/plans`)).body.data.plans[0].folateCourse.recheckedOn).toBe('2026-03-06');

    const first = await folateCourseWatcher(stack.service.deps);
    expect(first.completed).toBeGreaterThanOrEqual(1);
    const eventId = `folateCourse:${f.resident.residentId}:2025-12-05`;
    expect(await pointsResultOf(eventId)).toEqual([expect.objectContaining({ eventType: 'folateCourseCompleted', result: 'earned', points: 50 })]);
    await folateCourseWatcher(stack.service.deps);
    expect(await stack.service.deps.models.DomainEvent.countDocuments({ eventId })).toBe(1);
  });

  test('a long prescription: the refill is due the day the supply runs out, bookable at the clinic', async () => {
    const f = await contracted();
    await f.plan({ drugName: '二甲双胍缓释片', startedOn: '2026-02-01', longPrescription: { daysSupply: 28, lastDispensedOn: '2026-02-08' } });
    const refill = (await as(f.account.token).get(`${f.base}/due-items`)).body.data.items.find((d: { kind: string }) => d.kind === 'medicationRefill');
    expect(refill).toMatchObject({ key: 'medicationRefill:2026-03-08', kindLabel: '长处方续药', dueBy: '2026-03-08', status: 'due', places: ['clinic'] });
  });

  test('an adherent week earns nothing while the rule is off, and points once a policy version turns it on', async () => {
    // Monday 2 March: a daily plan; every dose of the week confirmed.
    const f = await contracted();
    const planId: string = (await f.plan({ drugName: '氨氯地平片', startedOn: '2026-03-02' })).body.data.plan.planId;
    const confirmWeek = async (monday: string) => {
      for (let day = 0; day < 7; day += 1) {
        clock.set(new Date(at(`${monday}T08:05:00`).getTime() + day * 86_400_000));
        expect((await as(f.account.token).post(`${f.base}/medication/doses`, { planId, time: '08:00', status: 'taken' })).status).toBe(200);
      }
    };
    await confirmWeek('2026-03-02');
    clock.set(at('2026-03-09T09:00:00'));
    expect((await adherentWeekJudge(stack.service.deps)).appended).toBeGreaterThanOrEqual(1);
    expect(await pointsResultOf(`adherentWeek:${f.resident.residentId}:2026-03-02`)).toEqual([expect.objectContaining({ eventType: 'medicationAdherenceWeek', result: 'not_eligible_rule_off', points: 0 })]);
    expect(await stack.service.deps.models.LedgerCommit.countDocuments({ residentId: f.resident.residentId, 'earn.keys': { $regex: 'medicationAdherenceWeek' } })).toBe(0);

    // The programme switches the rule on from Monday 16 March (a future day, never retroactive).
    const admin = await createAccount(stack, { roles: ['admin'] });
    const published = await as(admin.token).post('/api/admin/points-policies', { effectiveFrom: '2026-03-16', earningRules: { medicationAdherenceWeek: { points: 10 } } });
    expect(published.status).toBe(201);
    expect(published.body.data.view.earning).toEqual(expect.arrayContaining([expect.objectContaining({ eventType: 'medicationAdherenceWeek', label: '按时服药满一周', points: 10 })]));
    await confirmWeek('2026-03-09');
    await confirmWeek('2026-03-16');
    clock.set(at('2026-03-23T09:00:00'));
    // No run on 16 March: this one judges both weeks. Each follows the policy of its own Sunday —
    // the week of 9 March the old version (off), the week of 16 March the new one.
    await adherentWeekJudge(stack.service.deps);
    expect(await pointsResultOf(`adherentWeek:${f.resident.residentId}:2026-03-09`)).toEqual([expect.objectContaining({ result: 'not_eligible_rule_off', points: 0 })]);
    expect(await pointsResultOf(`adherentWeek:${f.resident.residentId}:2026-03-16`)).toEqual([expect.objectContaining({ result: 'earned', points: 10 })]);
    expect(await stack.service.deps.models.DomainEvent.countDocuments({ eventId: { $regex: `^adherentWeek:${f.resident.residentId}:` } })).toBe(3);
  });

  test('the programme report counts residents with good and poor adherence', async () => {
    const f = await contracted();
    await f.plan({ drugName: '阿司匹林肠溶片', startedOn: '2026-03-02' });
    clock.set(at('2026-03-05T09:00:00'));
    await as(f.account.token).get(`${f.base}/medication/today`);
    await staleAdherenceRefresher(stack.service.deps);
    const admin = await createAccount(stack, { roles: ['admin'] });
    const report = await as(admin.token).get('/api/admin/reports/programme?year=2026');
    expect(report.status).toBe(200);
    const line = report.body.data.medicationAdherence;
    expect(line.windowDays).toBe(30);
    expect(line.programme.poor).toBeGreaterThanOrEqual(1);
    expect(line.teams).toEqual(expect.arrayContaining([expect.objectContaining({ institutionId: 'inst-east', teamId: 'team-east-1' })]));
  });
});
