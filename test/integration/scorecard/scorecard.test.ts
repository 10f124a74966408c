import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { pointsEventConsumer } from '../../../server/passbook/eventConsumer';
import { refreshReportAggregates } from '../../../server/reports/aggregates';
import { createAccount, createBoundResident, recordClinicFact, type AccountFixture } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * The 履约考核 scorecard against a dataset built by hand, every figure worked out below from the
 * formulas in shared/scorecard/metrics.ts and the points policy (docs/domain.md §4.2).
 *
 * Year 2026, inst-s (teams s1, s2) and inst-t (team t1):
 *   A (s1) new contract 2026-01-05; hypertension; clinic follow-ups 01-10, 02-10, 03-05, 03-25, the
 *          last 130/80 → managed, 规范 (≥ 4 face to face), controlled, a first visit. Referred up
 *          02-10, back down 02-20. Survey after 03-25: overall 5.
 *          Points: signed 200 + 4 × 50 = 400.
 *   B (s1) contract 2025, renewed 2026-01-01; hypertension; one phone follow-up 03-20 at 150/95 →
 *          managed, not 规范, not controlled, no face-to-face visit. Dyslipidemia with a quarterly
 *          达标 in Q1. A referral 03-01, withdrawn. Survey after 03-20: overall 3.
 *          Points: 2025 signing 200 + renewal 100 + phone 10 = 310.
 *   C (s1) contract 2025-06-01..2026-05-31 (started before the year: neither new nor renewed);
 *          diabetes; one home follow-up 03-15, FPG 6.5 → managed, not 规范, controlled, a first
 *          visit. HHcy without 达标. Points: 2025 signing 200 + home visit 50 = 250.
 *   D (s1) a terminated contract only → not contracted, not counted anywhere.
 *   E (s2) new contract 2026-02-01. Points 200.     F (t1) new contract 2026-03-01. Points 200.
 */
describe('履约考核 scorecard: figures match a hand-built dataset', () => {
  let stack: TestStack;
  const clock = new ManualClock(new Date('2026-01-05T02:00:00Z'));
  const deps = () => stack.service.deps;
  const at = (day: string) => clock.set(new Date(`${day}T10:00:00+08:00`));
  let admin: string;
  let lead: AccountFixture;
  let member: AccountFixture;
  const ids: Record<string, { residentId: string; token: string }> = {};

  const as = (token: string) => ({
    get: (path: string) => request(stack.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) => request(stack.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  async function resident(key: string, institutionId: string, teamId: string) {
    const { resident: r, account } = await createBoundResident(stack, { institutionId, teamId });
    ids[key] = { residentId: r.residentId, token: account.token };
    return r.residentId;
  }
  const fact = (input: Parameters<typeof recordClinicFact>[1]) => recordClinicFact(stack, input);

  beforeAll(async () => {
    // The clock walks through the year: sessions must outlive it.
    stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000', SESSION_TTL_HOURS: '100000' } });
    admin = (await createAccount(stack, { roles: ['admin'] })).token;
    lead = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-s', teamId: 'team-s1' } });
    member = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-s', teamId: 'team-s1' } });
    for (const [institutionId, name, level] of [['inst-s', '城南社区卫生服务中心', 'primary'], ['inst-t', '城北社区卫生服务中心', 'primary'], ['hosp-s', '县人民医院', 'county']] as const) {
      expect((await as(admin).post('/api/admin/institutions', { institutionId, name, level })).status).toBe(201);
    }
    await as(admin).post('/api/admin/teams', { teamId: 'team-s1', institutionId: 'inst-s', name: '城南一队', members: [{ accountId: lead.accountId, name: '李医生', role: 'gp', lead: true }, { accountId: member.accountId, name: '王护士', role: 'healthAssistant' }] });
    await as(admin).post('/api/admin/teams', { teamId: 'team-s2', institutionId: 'inst-s', name: '城南二队' });
    await as(admin).post('/api/admin/teams', { teamId: 'team-t1', institutionId: 'inst-t', name: '城北一队' });
    const specialist = await createAccount(stack, { roles: ['specialist'], staff: { institutionId: 'hosp-s', coversInstitutionIds: ['inst-s'] } });

    const a = await resident('A', 'inst-s', 'team-s1');
    await fact({ kind: 'diagnosis', residentId: a, institutionId: 'inst-s', condition: 'hypertension', diagnosedOn: '2020-01-01' });
    await fact({ kind: 'contract', residentId: a, institutionId: 'inst-s', teamId: 'team-s1', startsOn: '2026-01-05', endsOn: '2026-12-31' });
    for (const [visitedOn, sbp] of [['2026-01-10', 150], ['2026-02-10', 145], ['2026-03-05', 138], ['2026-03-25', 130]] as const) {
      await fact({ kind: 'followUp', residentId: a, institutionId: 'inst-s', form: 'hypertension', visitedOn, mode: 'clinic', sbp, dbp: 80 });
    }
    const b = await resident('B', 'inst-s', 'team-s1');
    await fact({ kind: 'diagnosis', residentId: b, institutionId: 'inst-s', condition: 'hypertension', diagnosedOn: '2018-01-01' });
    await fact({ kind: 'diagnosis', residentId: b, institutionId: 'inst-s', condition: 'dyslipidemia', diagnosedOn: '2019-01-01' });
    await fact({ kind: 'contract', residentId: b, institutionId: 'inst-s', teamId: 'team-s1', startsOn: '2025-01-01', endsOn: '2025-12-31' });
    await fact({ kind: 'contract', residentId: b, institutionId: 'inst-s', teamId: 'team-s1', startsOn: '2026-01-01', endsOn: '2026-12-31' });
    await fact({ kind: 'followUp', residentId: b, institutionId: 'inst-s', form: 'hypertension', visitedOn: '2026-03-20', mode: 'phone', sbp: 150, dbp: 95 });
    const c = await resident('C', 'inst-s', 'team-s1');
    await fact({ kind: 'diagnosis', residentId: c, institutionId: 'inst-s', condition: 'hyperglycemia', diagnosedOn: '2021-01-01' });
    await fact({ kind: 'diagnosis', residentId: c, institutionId: 'inst-s', condition: 'hyperhomocysteinemia', diagnosedOn: '2021-01-01' });
    await fact({ kind: 'contract', residentId: c, institutionId: 'inst-s', teamId: 'team-s1', startsOn: '2025-06-01', endsOn: '2026-05-31' });
    await fact({ kind: 'followUp', residentId: c, institutionId: 'inst-s', form: 'diabetes', visitedOn: '2026-03-15', mode: 'home', fpg: 6.5 });
    const d = await resident('D', 'inst-s', 'team-s1');
    await fact({ kind: 'contract', residentId: d, institutionId: 'inst-s', teamId: 'team-s1', startsOn: '2026-01-10', endsOn: '2026-12-31', status: 'terminated' });
    const e = await resident('E', 'inst-s', 'team-s2');
    await fact({ kind: 'contract', residentId: e, institutionId: 'inst-s', teamId: 'team-s2', startsOn: '2026-02-01', endsOn: '2027-01-31' });
    const f = await resident('F', 'inst-t', 'team-t1');
    await fact({ kind: 'contract', residentId: f, institutionId: 'inst-t', teamId: 'team-t1', startsOn: '2026-03-01', endsOn: '2027-02-28' });

    // 双向转诊: A up on 02-10 and back down on 02-20; B up on 03-01, withdrawn the same day.
    at('2026-02-10');
    const up = await as(lead.token).post(`/api/staff/residents/${a}/referrals`, { clientRequestId: 'scorecard-ref-a', toInstitutionId: 'hosp-s', reason: '血压控制不满意', urgency: 'routine', greenChannel: false });
    expect((await as(specialist.token).post(`/api/referrals/${up.body.data.referralId}/accept`, {})).status).toBe(200);
    at('2026-02-20');
    expect((await as(specialist.token).post(`/api/referrals/${up.body.data.referralId}/return`, { outcome: '调整用药', planText: '氨氯地平 10mg', followUpWithinDays: 14 })).status).toBe(200);
    at('2026-03-01');
    const withdrawn = await as(lead.token).post(`/api/staff/residents/${b}/referrals`, { clientRequestId: 'scorecard-ref-b', toInstitutionId: 'hosp-s', reason: '血脂高', urgency: 'routine', greenChannel: false });
    expect((await as(lead.token).post(`/api/referrals/${withdrawn.body.data.referralId}/cancel`)).status).toBe(200);

    // Surveys after the last follow-ups, and everyone's points issued on 03-31.
    at('2026-03-31');
    for (const [key, overall] of [['A', 5], ['B', 3]] as const) {
      const path = `/api/residents/${ids[key]!.residentId}/surveys`;
      const [survey] = (await as(ids[key]!.token).get(path)).body.data.surveys;
      expect((await as(ids[key]!.token).post(path, { eventKey: survey.eventKey, answers: { overall, attitude: 4, explanation: 4 } })).body.data.recorded).toBe(true);
    }
    await pointsEventConsumer(deps());
    // B's quarterly 达标 on lipids (after the points run, so it adds no points to the hand count).
    await deps().models.DomainEvent.create({ eventId: `atTarget:${b}:2026-Q1:dyslipidemia`, type: 'quarterlyAtTarget', residentId: b, occurredAt: new Date('2026-03-31T23:59:59.999+08:00'), payload: { condition: 'dyslipidemia', quarter: '2026-Q1', verifiedBy: 'clinic' }, recordedAt: clock.now(), pointsPending: true });
    at('2026-04-10');
    await refreshReportAggregates(deps());
  });
  afterAll(() => stack.stop());

  const valuesOf = (row: { values: Array<{ key: string; value: number | null; numerator: number; denominator: number | null }> }) => Object.fromEntries(row.values.map((v) => [v.key, [v.value, v.numerator, v.denominator]]));

  test('admins see every team and institution, each figure with its formula', async () => {
    const res = await as(admin).get('/api/scorecard?year=2026');
    expect(res.status).toBe(200);
    const card = res.body.data;
    expect(card.period).toEqual({ year: 2026, from: '2026-01-01', to: '2026-12-31' });
    expect(card.metrics.find((m: { key: string }) => m.key === 'htnSpecRate')).toMatchObject({ label: '高血压规范管理率', formula: expect.stringContaining('÷') });
    const row = (level: string, id: string) => card.rows.find((r: { level: string; teamId: string | null; institutionId: string }) => r.level === level && (level === 'team' ? r.teamId === id : r.institutionId === id));

    expect(valuesOf(row('team', 'team-s1'))).toEqual({
      contractsSigned: [1, 1, null],
      contractsRenewed: [1, 1, null],
      htnSpecRate: [0.5, 1, 2],
      dmSpecRate: [0, 0, 1],
      htnControlRate: [0.5, 1, 2],
      dmControlRate: [1, 1, 1],
      lipidAtTargetRate: [1, 1, 1],
      hcyAtTargetRate: [0, 0, 1],
      firstVisitResidents: [2, 2, null],
      referralsUp: [1, 1, null],
      referralsDown: [1, 1, null],
      satisfactionRate: [0.5, 1, 2],
      satisfactionScore: [4, 8, 2],
      pointsIssuedPerResident: [320, 960, 3],
      pointsRedeemedPerResident: [0, 0, 3],
    });
    expect(valuesOf(row('team', 'team-s2'))).toMatchObject({ contractsSigned: [1, 1, null], htnSpecRate: [null, 0, 0], satisfactionScore: [null, 0, 0], pointsIssuedPerResident: [200, 200, 1] });
    expect(valuesOf(row('institution', 'inst-s'))).toMatchObject({
      contractsSigned: [2, 2, null],
      contractsRenewed: [1, 1, null],
      firstVisitResidents: [2, 2, null],
      satisfactionRate: [0.5, 1, 2],
      pointsIssuedPerResident: [290, 1160, 4],
    });
    expect(row('team', 'team-s1').name).toBe('城南一队');
    expect(valuesOf(row('institution', 'inst-t'))).toMatchObject({ contractsSigned: [1, 1, null], pointsIssuedPerResident: [200, 200, 1] });
  });

  test('the team lead sees their own team only; other doctors and teams are refused', async () => {
    const own = await as(lead.token).get('/api/scorecard?year=2026&teamId=team-s1');
    expect(own.status).toBe(200);
    expect(own.body.data.rows.map((r: { level: string; teamId: string }) => [r.level, r.teamId])).toEqual([['team', 'team-s1']]);
    expect((await as(lead.token).get('/api/scorecard?year=2026&teamId=team-s2')).body.error?.code).toBe('access_denied');
    // Naming no team, a doctor means their own.
    expect((await as(lead.token).get('/api/scorecard?year=2026')).body.data.rows.map((r: { teamId: string }) => r.teamId)).toEqual(['team-s1']);
    expect((await as(member.token).get('/api/scorecard?year=2026&teamId=team-s1')).body.error?.code).toBe('access_denied');
    expect((await as(admin).get('/api/scorecard?year=2026&teamId=team-nowhere')).body.error?.code).toBe('team_not_found');
    expect(await deps().models.AuditEntry.countDocuments({ action: 'team.scorecard.read' })).toBe(2);
  });

  test('a period: the first quarter', async () => {
    const res = await as(admin).get('/api/scorecard?year=2026&from=2026-01-01&to=2026-03-31&teamId=team-s1');
    expect(valuesOf(res.body.data.rows[0])).toMatchObject({ contractsSigned: [1, 1, null], referralsUp: [1, 1, null], satisfactionScore: [4, 8, 2], pointsIssuedPerResident: [320, 960, 3] });
    const february = await as(admin).get('/api/scorecard?year=2026&from=2026-02-01&to=2026-02-28&teamId=team-s1');
    expect(valuesOf(february.body.data.rows[0])).toMatchObject({ contractsSigned: [0, 0, null], referralsUp: [1, 1, null], referralsDown: [1, 1, null], satisfactionScore: [null, 0, 0], pointsIssuedPerResident: [0, 0, 3] });
  });

  test('CSV: Excel-ready, every row and every formula', async () => {
    const res = await as(admin).get('/api/scorecard.csv?year=2026').buffer(true).parse((r, cb) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => (text += chunk));
      r.on('end', () => cb(null, text));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const text = res.body as string;
    expect(text.startsWith('\uFEFF履约考核 2026-01-01 至 2026-12-31')).toBe(true);
    expect(text).toContain('团队,inst-s,team-s1,城南一队,1,1,50.00,1,2');
    expect(text).toContain('高血压规范管理率,规范管理的高血压患者数 ÷ 管理的高血压患者数（同项目统计）');
  });
});
