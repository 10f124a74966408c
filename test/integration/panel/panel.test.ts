import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { refreshReportAggregates } from '../../../server/reports/aggregates';
import { createAccount, createAlert, createBoundResident, createResident, recordClinicFact } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * The doctor's panel (GET /api/staff/panel) on hand-built data; every expectation below is worked
 * out by hand from this table, never by the code under test. Today is 2026-06-15 (Shanghai).
 *
 * Team inst-p/team-p1 (the doctor's team):
 *  P1 钱一 htn; contract 2026-01-01…2026-12-31; clinic FU 2026-05-20 150/95 → 未达标; OPEN alert raised 06-13.
 *  P2 孙二 htn + diabetes; contract 2025-07-01…2026-06-30; clinic FU 2026-01-10 130/80 FPG 6.0 → 达标;
 *     last face-to-face 01-10 → due by 04-10 → overdue.
 *  P3 李三 htn; contract 2026-03-01…2027-02-28; home FU 2026-05-01 128/78 → 达标; due 08-01; OPEN alert raised 06-14.
 *  P4 周四 dyslipidemia only; contract 2026-01-01…2026-12-31; no follow-up → unknown, not overdue (no quarterly rhythm).
 *  P5 吴五 htn; contract 2026-01-01…2026-12-31; no follow-up → unknown; due from contract start 04-01 → overdue.
 *  P8 郑八 htn; contract 2026-01-01…2026-12-31; clinic FU 2026-06-01 125/80 → 达标; an ACKNOWLEDGED alert (unresolved, not open).
 *  P6 王六 htn; contract 2024 only (expired) → not on the panel.
 * Team inst-p/team-p2: P7 冯七 htn, contract with team-p2 → only on team-p2's panel.
 *
 * Urgency order: open alerts, oldest first (P1, P3) → overdue, most overdue first (P5 due 04-01,
 * P2 due 04-10) → not at target (none left) → by name in pinyin order (郑八 zhèng before 周四 zhōu).
 */
describe('doctor panel', () => {
  let stack: TestStack;
  const clock = new ManualClock(new Date('2026-06-13T02:00:00Z'));
  const inst = 'inst-p';
  let doctor: string;
  let doctorTeam2: string;
  let doctorElsewhere: string;
  const ids: Record<string, string> = {};

  const panel = (token: string, query = '') => request(stack.url).get(`/api/staff/panel${query}`).set('Authorization', `Bearer ${token}`);
  const names = (res: request.Response) => (res.body.data.residents as Array<{ name: string }>).map((r) => r.name);

  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    doctor = (await createAccount(stack, { roles: ['doctor'], staff: { institutionId: inst, teamId: 'team-p1' } })).token;
    doctorTeam2 = (await createAccount(stack, { roles: ['doctor'], staff: { institutionId: inst, teamId: 'team-p2' } })).token;
    doctorElsewhere = (await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-q', teamId: 'team-q1' } })).token;

    const resident = async (key: string, name: string, teamId = 'team-p1') => (ids[key] = (await createResident(stack, { name, institutionId: inst, teamId })).residentId);
    const dx = (residentId: string, condition: string) => recordClinicFact(stack, { kind: 'diagnosis', residentId, institutionId: inst, condition, diagnosedOn: '2020-01-01' });
    const contract = (residentId: string, startsOn: string, endsOn: string, teamId = 'team-p1') => recordClinicFact(stack, { kind: 'contract', residentId, institutionId: inst, teamId, startsOn, endsOn });
    const fu = (residentId: string, form: 'hypertension' | 'diabetes', visitedOn: string, v: { sbp?: number; dbp?: number; fpg?: number; mode?: 'clinic' | 'home' | 'phone' }) =>
      recordClinicFact(stack, { kind: 'followUp', residentId, institutionId: inst, form, visitedOn, ...v });

    await resident('P1', '钱一');
    await dx(ids.P1!, 'hypertension');
    await contract(ids.P1!, '2026-01-01', '2026-12-31');
    await fu(ids.P1!, 'hypertension', '2026-05-20', { sbp: 150, dbp: 95 });

    await resident('P2', '孙二');
    await dx(ids.P2!, 'hypertension');
    await dx(ids.P2!, 'hyperglycemia');
    await contract(ids.P2!, '2025-07-01', '2026-06-30');
    await fu(ids.P2!, 'hypertension', '2026-01-10', { sbp: 130, dbp: 80, fpg: 6.0 });

    await resident('P3', '李三');
    await dx(ids.P3!, 'hypertension');
    await contract(ids.P3!, '2026-03-01', '2027-02-28');
    await fu(ids.P3!, 'hypertension', '2026-05-01', { sbp: 128, dbp: 78, mode: 'home' });

    await resident('P4', '周四');
    await dx(ids.P4!, 'dyslipidemia');
    await contract(ids.P4!, '2026-01-01', '2026-12-31');

    await resident('P5', '吴五');
    await dx(ids.P5!, 'hypertension');
    await contract(ids.P5!, '2026-01-01', '2026-12-31');

    await resident('P6', '王六');
    await dx(ids.P6!, 'hypertension');
    await contract(ids.P6!, '2024-01-01', '2024-12-31');

    await resident('P7', '冯七', 'team-p2');
    await dx(ids.P7!, 'hypertension');
    await contract(ids.P7!, '2026-01-01', '2026-12-31', 'team-p2');

    await resident('P8', '郑八');
    await dx(ids.P8!, 'hypertension');
    await contract(ids.P8!, '2026-01-01', '2026-12-31');
    await fu(ids.P8!, 'hypertension', '2026-06-01', { sbp: 125, dbp: 80 });

    // Alerts at different times: P1's on 06-13, P3's on 06-14, P8's acknowledged.
    await createAlert(stack, { residentId: ids.P1!, institutionId: inst, teamId: 'team-p1' });
    clock.advanceMs(24 * 3600_000);
    await createAlert(stack, { residentId: ids.P3!, institutionId: inst, teamId: 'team-p1' });
    const { alertId } = await createAlert(stack, { residentId: ids.P8!, institutionId: inst, teamId: 'team-p1' });
    await stack.service.deps.models.Alert.updateOne({ _id: alertId }, { $set: { state: 'acknowledged', acknowledgedAt: clock.now() } });
    clock.set(new Date('2026-06-15T02:00:00Z'));

    // The panel reads follow-ups from the report aggregates the job keeps current.
    await refreshReportAggregates(stack.service.deps);
  });
  afterAll(() => stack.stop());

  test('the team’s contracted residents, sorted by urgency, with 达标, overdue and alert figures', async () => {
    const res = await panel(doctor);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ total: 6, page: 1, pageSize: 20, today: '2026-06-15' });
    expect(names(res)).toEqual(['钱一', '李三', '吴五', '孙二', '郑八', '周四']);
    const byName: Record<string, Record<string, unknown>> = Object.fromEntries((res.body.data.residents as Array<{ name: string }>).map((r) => [r.name, r]));
    expect(byName['钱一']).toMatchObject({ residentId: ids.P1, conditions: ['hypertension'], control: 'notAtTarget', lastFollowUpOn: '2026-05-20', followUpDueBy: '2026-08-20', overdue: false, openAlerts: 1, unresolvedAlerts: 1 });
    expect(byName['钱一']?.oldestOpenAlertAt).toBe('2026-06-13T02:00:00.000Z');
    expect(byName['孙二']).toMatchObject({ conditions: ['hyperglycemia', 'hypertension'], control: 'atTarget', lastFollowUpOn: '2026-01-10', followUpDueBy: '2026-04-10', overdue: true, openAlerts: 0 });
    expect(byName['李三']).toMatchObject({ control: 'atTarget', lastFollowUpOn: '2026-05-01', followUpDueBy: '2026-08-01', overdue: false, openAlerts: 1 });
    expect(byName['周四']).toMatchObject({ conditions: ['dyslipidemia'], control: 'unknown', lastFollowUpOn: null, followUpDueBy: null, overdue: false });
    expect(byName['吴五']).toMatchObject({ control: 'unknown', lastFollowUpOn: null, followUpDueBy: '2026-04-01', overdue: true });
    expect(byName['郑八']).toMatchObject({ control: 'atTarget', openAlerts: 0, unresolvedAlerts: 1, oldestOpenAlertAt: null });
  });

  test.each([
    ['?condition=hyperglycemia', ['孙二']],
    ['?condition=dyslipidemia', ['周四']],
    ['?control=notAtTarget', ['钱一']],
    ['?control=atTarget', ['李三', '孙二', '郑八']],
    ['?control=unknown', ['吴五', '周四']],
    ['?overdue=true', ['吴五', '孙二']],
    ['?overdue=false', ['钱一', '李三', '郑八', '周四']],
    // "open alerts" = any alert not yet closed (open or acknowledged).
    ['?openAlerts=true', ['钱一', '李三', '郑八']],
    ['?openAlerts=false', ['吴五', '孙二', '周四']],
    ['?condition=hypertension&overdue=true', ['吴五', '孙二']],
  ])('filter %s', async (query, expected) => {
    const res = await panel(doctor, query);
    expect(res.status).toBe(200);
    expect(names(res)).toEqual(expected);
    expect(res.body.data.total).toBe(expected.length);
  });

  test('pagination keeps the urgency order across pages', async () => {
    const pages = await Promise.all([1, 2, 3, 4].map((page) => panel(doctor, `?pageSize=2&page=${page}`)));
    expect(pages.map(names)).toEqual([['钱一', '李三'], ['吴五', '孙二'], ['郑八', '周四'], []]);
    for (const p of pages) expect(p.body.data).toMatchObject({ total: 6, pageSize: 2 });
    expect((await panel(doctor, '?pageSize=101')).status).toBe(400);
    expect((await panel(doctor, '?control=good')).body.error.code).toBe('validation_failed');
  });

  test('another team’s doctor sees only their own team; another institution’s doctor sees nobody', async () => {
    const other = await panel(doctorTeam2);
    expect(other.status).toBe(200);
    expect(names(other)).toEqual(['冯七']);
    const elsewhere = await panel(doctorElsewhere);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.data).toMatchObject({ total: 0, residents: [] });
  });

  test('pharmacy cashiers, residents, admins and anonymous callers are refused', async () => {
    const cashier = await createAccount(stack, { roles: ['cashier'], staff: { pharmacyId: 'ph-p' } });
    const { account: residentAccount } = await createBoundResident(stack, { institutionId: inst, teamId: 'team-p1' });
    const admin = await createAccount(stack, { roles: ['admin'] });
    for (const token of [cashier.token, residentAccount.token, admin.token]) {
      const res = await panel(token);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('access_denied');
    }
    expect((await request(stack.url).get('/api/staff/panel')).status).toBe(401);
  });

  test('every panel read is audited as the doctor’s', async () => {
    const before = await stack.service.deps.models.AuditEntry.countDocuments({ action: 'team.panel.read' });
    await panel(doctor, '?overdue=true');
    const entries = await stack.service.deps.models.AuditEntry.find({ action: 'team.panel.read' }).sort({ at: -1, _id: -1 }).lean();
    expect(entries.length).toBe(before + 1);
    expect(entries[0]).toMatchObject({ actor: expect.objectContaining({ kind: 'doctor' }), what: expect.objectContaining({ view: 'panel', overdue: true }) });
  });
});
