import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { refreshReportAggregates } from '../../../server/reports/aggregates';
import { createAccount, createResident, fakeIdNumber, givePoints, recordClinicFact } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * Each report formula (docs/clinical-rules.md §5.6; shared/reports/indicators.ts) on hand-built data; every
 * expected figure is counted by hand in the comments below, never by the code under test.
 *
 * Institution inst-r; team-a (target 10), team-b (target 4); institution target 20. Year 2026.
 *  R1 b.1970-05-01 (56) htn, contract a. HTN clinic FU 02-10 150/95, 05-10 135/85, 08-10 142/92, 11-10 138/88.
 *     Screening 03-05 BP+glucose+lipids+Hcy.
 *  R2 b.1955-03-01 (71) htn, contract a. clinic 03-01 160/95, 06-01 158/92, 09-01 150/88, PHONE 12-01 145/85.
 *  R3 b.1980-01-01 (46) htn, contract a. No follow-up at all (lost to follow-up).
 *  R4 b.1962-06-01 (64 all year) htn + diabetes, contract a. HOME 01-15 130/80, 04-15 132/82, 07-15 150/85, 10-15 145/85;
 *     diabetes clinic 03-20 FPG 8.0, 10-20 FPG 6.5 (no BP on those).
 *  R5 b.2010-01-01 (16) contract a, no condition.
 *  R6 b.1960-01-01 (66) htn, NO contract, archive in team-a: clinic 05-01 120/70. Managed all the same (spec §5.1).
 *  R7 b.1990-01-01 (36) diabetes, contract b. clinic 02-01 FPG 6.0, 09-01 FPG 7.0. Screening 04-01 glucose.
 *  R8 b.1965-01-01 (61) htn, contract a. FOUR clinic records on ONE day, 03-03, recorded in the order
 *     150/95, 148/94, 146/92, 138/86: one follow-up day, the last recorded is the latest.
 *  R9 b.1966-01-01 (60) htn, contract a. clinic 02-02 130/80, then a record 09-09 saying 失访 (lost to follow-up).
 *  R10 b.1990-06-01 (36) archive in team-b, no contract, no diagnosis, no record at all: only the
 *     back-fill gives it a resident-year, and it is in the screening denominators (spec §5.1).
 */
describe('programme report formulas', () => {
  let stack: TestStack;
  let adminToken: string;
  const clock = new ManualClock(new Date('2026-12-31T04:00:00Z'));
  const inst = 'inst-r';

  beforeAll(async () => {
    stack = await startTestStack({ clock });
    adminToken = (await createAccount(stack, { roles: ['admin'] })).token;
    const admin = (method: 'post', path: string, body: object) => request(stack.url)[method](path).set('Authorization', `Bearer ${adminToken}`).send(body);
    expect((await admin('post', '/api/admin/institutions', { institutionId: inst, name: '东城社区卫生服务中心', targetPopulation: 20 })).status).toBe(201);
    expect((await admin('post', '/api/admin/teams', { teamId: 'team-a', institutionId: inst, name: '一队', targetPopulation: 10 })).status).toBe(201);
    expect((await admin('post', '/api/admin/teams', { teamId: 'team-b', institutionId: inst, name: '二队', targetPopulation: 4 })).status).toBe(201);

    const resident = async (birth: string, teamId: string) => (await createResident(stack, { idNumber: fakeIdNumber({ birth }), institutionId: inst, teamId })).residentId;
    const contract = (residentId: string, teamId: string) => recordClinicFact(stack, { kind: 'contract', residentId, institutionId: inst, teamId, startsOn: '2025-07-01', endsOn: '2026-06-30' }).then(() =>
      recordClinicFact(stack, { kind: 'contract', residentId, institutionId: inst, teamId, startsOn: '2026-07-01', endsOn: '2027-06-30' }),
    );
    const dx = (residentId: string, condition: string) => recordClinicFact(stack, { kind: 'diagnosis', residentId, institutionId: inst, condition, diagnosedOn: '2020-01-01' });
    const fu = (residentId: string, form: 'hypertension' | 'diabetes', visitedOn: string, v: { sbp?: number; dbp?: number; fpg?: number; mode?: 'clinic' | 'home' | 'phone'; outcome?: 'lostToFollowUp' }) =>
      recordClinicFact(stack, { kind: 'followUp', residentId, institutionId: inst, form, visitedOn, ...v });

    const r1 = await resident('19700501', 'team-a');
    await dx(r1, 'hypertension');
    await contract(r1, 'team-a');
    for (const [on, sbp, dbp] of [['2026-02-10', 150, 95], ['2026-05-10', 135, 85], ['2026-08-10', 142, 92], ['2026-11-10', 138, 88]] as const) await fu(r1, 'hypertension', on, { sbp, dbp });
    await recordClinicFact(stack, { kind: 'screening', residentId: r1, institutionId: inst, on: '2026-03-05', values: { systolicMmHg: 130, diastolicMmHg: 80, fastingGlucoseMmolL: 5.2, totalCholesterolMmolL: 4.1, hcyUmolL: 12 } });

    const r2 = await resident('19550301', 'team-a');
    await dx(r2, 'hypertension');
    await contract(r2, 'team-a');
    await fu(r2, 'hypertension', '2026-03-01', { sbp: 160, dbp: 95 });
    await fu(r2, 'hypertension', '2026-06-01', { sbp: 158, dbp: 92 });
    await fu(r2, 'hypertension', '2026-09-01', { sbp: 150, dbp: 88 });
    await fu(r2, 'hypertension', '2026-12-01', { sbp: 145, dbp: 85, mode: 'phone' });

    const r3 = await resident('19800101', 'team-a');
    await dx(r3, 'hypertension');
    await contract(r3, 'team-a');

    const r4 = await resident('19620601', 'team-a');
    await dx(r4, 'hypertension');
    await dx(r4, 'hyperglycemia');
    await contract(r4, 'team-a');
    for (const [on, sbp, dbp] of [['2026-01-15', 130, 80], ['2026-04-15', 132, 82], ['2026-07-15', 150, 85], ['2026-10-15', 145, 85]] as const) await fu(r4, 'hypertension', on, { sbp, dbp, mode: 'home' });
    await fu(r4, 'diabetes', '2026-03-20', { fpg: 8.0 });
    await fu(r4, 'diabetes', '2026-10-20', { fpg: 6.5 });

    const r5 = await resident('20100101', 'team-a');
    await contract(r5, 'team-a');

    const r6 = await resident('19600101', 'team-a');
    await dx(r6, 'hypertension');
    await fu(r6, 'hypertension', '2026-05-01', { sbp: 120, dbp: 70 });

    const r8 = await resident('19650101', 'team-a');
    await dx(r8, 'hypertension');
    await contract(r8, 'team-a');
    for (const [sbp, dbp] of [[150, 95], [148, 94], [146, 92], [138, 86]] as const) await fu(r8, 'hypertension', '2026-03-03', { sbp, dbp });

    const r9 = await resident('19660101', 'team-a');
    await dx(r9, 'hypertension');
    await contract(r9, 'team-a');
    await fu(r9, 'hypertension', '2026-02-02', { sbp: 130, dbp: 80 });
    await fu(r9, 'hypertension', '2026-09-09', { outcome: 'lostToFollowUp' });

    await resident('19900601', 'team-b');

    const r7 = await resident('19900101', 'team-b');
    await dx(r7, 'hyperglycemia');
    await contract(r7, 'team-b');
    await fu(r7, 'diabetes', '2026-02-01', { fpg: 6.0 });
    await fu(r7, 'diabetes', '2026-09-01', { fpg: 7.0 });
    await recordClinicFact(stack, { kind: 'screening', residentId: r7, institutionId: inst, on: '2026-04-01', values: { fastingGlucoseMmolL: 5.0 } });

    // 200 points to R1 (an admin credit counts as issued): 200 × 10 fen = 2,000 fen; nothing redeemed.
    await givePoints(stack, r1, 200);
    await refreshReportAggregates(stack.service.deps);
  });
  afterAll(() => stack.stop());

  const report = async (query: string) => {
    const res = await request(stack.url).get(`/api/admin/reports/programme?${query}`).set('Authorization', `Bearer ${adminToken}`);
    expect(res.status).toBe(200);
    return res.body.data;
  };
  const team = (data: { teams: { teamId: string }[] }, teamId: string) => data.teams.find((t) => t.teamId === teamId) as unknown as { counts: Record<string, number>; rates: Record<string, number | null> };

  test('签约率 = contracted ÷ the target population set by the admin', async () => {
    const data = await report('year=2026');
    expect(data.period.source).toBe('rollups');
    // team-a: R1–R5, R8, R9 contracted (R6 has no contract) = 7 of 10; team-b: R7 = 1 of 4; institution 8 of 20.
    expect(team(data, 'team-a').counts.contracted).toBe(7);
    expect(team(data, 'team-a').rates.signingRate).toBe(0.7);
    expect(team(data, 'team-b').rates.signingRate).toBe(0.25);
    expect(data.institutions[0].rates.signingRate).toBe(0.4);
    expect(data.programme.rates.signingRate).toBe(0.4);
  });

  test('管理人数 counts every diagnosed patient, contracted or not (spec §5.1)', async () => {
    const a = team(await report('year=2026'), 'team-a');
    // Hypertension in team-a: R1, R2, R3, R4, R6 (no contract), R8, R9 = 7.
    expect(a.counts.htnManaged).toBe(7);
  });

  test('规范管理率 (year) = ≥ 4 face-to-face follow-up DAYS ÷ managed; phone visits and same-day records do not add up', async () => {
    const a = team(await report('year=2026'), 'team-a');
    // Spec: R1 (4 clinic days), R4 (4 home days) = 2. R2 has 3 + 1 phone; R8's four records are one day; R3, R6, R9 fewer.
    expect(a.counts.htnSpec).toBe(2);
    expect(a.rates.htnSpecRate).toBe(0.2857); // 2 / 7
    // Diabetes in team-a: R4 with 2 diabetes follow-ups → 0 of 1.
    expect(a.counts.dmManaged).toBe(1);
    expect(a.rates.dmSpecRate).toBe(0);
  });

  test('血压控制率: most recent follow-up BP, <150/90 at ≥ 65; no follow-up or a latest 失访 record = not controlled', async () => {
    const data = await report('year=2026');
    const a = team(data, 'team-a');
    // R1 last 138/88 ✓. R2 (71) last (phone) 145/85 < 150/90 ✓. R3 none ✗. R4 (64) last 145/85 ✗. R6 (66) 120/70 ✓.
    // R8 last recorded of 03-03: 138/86 ✓. R9: the 09-09 失访 record is the latest ✗ (its 02-02 130/80 does not carry over).
    expect(a.counts.htnControlled).toBe(4);
    expect(a.counts.htnLost).toBe(2); // R3, R9
    expect(a.rates.htnControlRate).toBe(0.5714); // 4 / 7
    expect(data.programme.rates.htnControlRate).toBe(0.5714);
  });

  test('血糖控制率: most recent follow-up FPG < 7.0 (7.0 itself is not controlled)', async () => {
    const data = await report('year=2026');
    // R4 last 6.5 ✓; R7 last 7.0 ✗ (not below 7.0) → 1 of 2.
    expect(data.programme.counts.dmManaged).toBe(2);
    expect(data.programme.counts.dmControlled).toBe(1);
    expect(data.programme.rates.dmControlRate).toBe(0.5);
    expect(team(data, 'team-b').rates.dmControlRate).toBe(0);
  });

  test('screening rates over ALL residents of the age (spec §5.1): BP 18+, glucose and lipids 35+, Hcy among diagnosed hypertension', async () => {
    const data = await report('year=2026');
    const a = team(data, 'team-a');
    // BP 18+: R1–R4, R6, R8, R9 (R5 is 16) = 7, screened R1 → 1/7. Glucose/lipids 35+: the same 7, screened R1.
    expect([a.counts.bpEligible, a.counts.bpScreened, a.rates.bpScreeningRate]).toEqual([7, 1, 0.1429]);
    expect([a.counts.glucoseEligible, a.counts.glucoseScreened]).toEqual([7, 1]);
    expect([a.counts.lipidsEligible, a.counts.lipidsScreened, a.rates.lipidsScreeningRate]).toEqual([7, 1, 0.1429]);
    // Hcy: eligible the 7 hypertensives, tested R1.
    expect([a.counts.hcyEligible, a.counts.hcyTested, a.rates.hcyScreeningRate]).toEqual([7, 1, 0.1429]);
    // team-b: R7 and R10 (no contract, no record: back-filled) are 36 → glucose 1 of 2.
    const b = team(data, 'team-b');
    expect([b.counts.glucoseEligible, b.counts.glucoseScreened, b.rates.glucoseScreeningRate]).toEqual([2, 1, 0.5]);
    // Programme glucose: eligible 7 + 2 = 9, screened R1 + R7 = 2.
    expect(data.programme.rates.glucoseScreeningRate).toBe(0.2222);
  });

  test('a quarter uses the spec’s quarterly reading: one face-to-face follow-up day in the quarter', async () => {
    const data = await report('year=2026&from=2026-01-01&to=2026-03-31');
    expect(data.period).toMatchObject({ source: 'residentYears', requiredFaceToFaceFollowUps: 1 });
    // Q1 spec: R1 02-10, R2 03-01, R4 01-15 (home), R8 03-03, R9 02-02 → 5 of 7 (R3 none, R6 only in May).
    expect(data.programme.counts.htnManaged).toBe(7);
    expect(data.programme.counts.htnSpec).toBe(5);
    // Q1 last BP: R1 150/95 ✗, R2 160/95 ✗, R3 ✗, R4 130/80 ✓, R6 none ✗, R8 138/86 ✓, R9 130/80 ✓ → 3.
    expect(data.programme.counts.htnControlled).toBe(3);
    expect(data.programme.counts.htnLost).toBe(2); // R3, R6: nobody saw them in Q1
    const rule = data.formulas.find((f: { rate: string }) => f.rate === 'htnSpecRate');
    expect(rule.formula).toContain('本期≥1次');
  });

  test('a half-year asks for two face-to-face days; the whole year for four, and every rate has its formula', async () => {
    const data = await report('year=2026&from=2026-01-01&to=2026-06-30');
    expect(data.period.requiredFaceToFaceFollowUps).toBe(2);
    // H1 spec (≥ 2 days): R1 02-10 + 05-10, R2 03-01 + 06-01, R4 01-15 + 04-15 → 3.
    expect(data.programme.counts.htnSpec).toBe(3);
    // H1 last BP: R1 135/85 ✓, R2 158/92 ✗, R3 ✗, R4 132/82 ✓, R6 120/70 ✓, R8 138/86 ✓, R9 130/80 ✓ (the 失访 is in September) → 5.
    expect(data.programme.counts.htnControlled).toBe(5);
    // H1 last FPG: R4 8.0 ✗, R7 6.0 ✓ → 1 of 2.
    expect(data.programme.counts.dmControlled).toBe(1);
    expect(data.programme.counts.contracted).toBe(8);

    const year = await report('year=2026');
    expect(year.period.requiredFaceToFaceFollowUps).toBe(4);
    expect(year.formulas.map((f: { rate: string }) => f.rate)).toEqual(Object.keys(year.programme.rates));
    expect(year.formulas.find((f: { rate: string }) => f.rate === 'htnSpecRate')).toMatchObject({ numerator: 'htnSpec', denominator: 'htnManaged' });
    expect(year.formulas.find((f: { rate: string }) => f.rate === 'htnSpecRate').formula).toContain('全年≥4次');
  });

  test('points in yuan (integer fen) and a CSV with a BOM', async () => {
    const data = await report('year=2026');
    expect(data.points.issuedFen).toBe(2000);
    expect(data.points.redeemedFen).toBe(0);
    expect(data.points.expiredFen).toBe(0);
    expect(data.points.outstandingLiabilityFen).toBe(2000);
    const csv = await request(stack.url).get('/api/admin/reports/programme.csv?year=2026').set('Authorization', `Bearer ${adminToken}`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(csv.status).toBe(200);
    const body = csv.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8');
    expect(text).toContain('签约率%');
    expect(text).toContain('20.00');
  });

  test('recomputing is idempotent: a second pass over the same events changes nothing', async () => {
    const before = await report('year=2026');
    await refreshReportAggregates(stack.service.deps);
    const after = await report('year=2026');
    expect(after.teams).toEqual(before.teams);
  });
});
