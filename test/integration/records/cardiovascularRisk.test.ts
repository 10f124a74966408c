import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { createAccount, createBoundResident, createProxyLink, fakeIdNumber, giveDueFollowUps, newClientReadingId, recordClinicFact, ALL_SCOPES } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * 疾病风险评估 end to end: the doctor records what China-PAR needs through the app's own forms (a
 * clinic follow-up with BP, waist and 日吸烟量; a lab result with lipids, HbA1c and an eye examination;
 * the 风险因素 form), and the resident, a family member and the panel read the same risk, whose level
 * sets the LDL-C goal in the 档案.
 *
 * The resident is the paper's Table 2 profile at 60 (Yang X et al., Circulation 2016): a man, SBP 130
 * untreated, TC 210 mg/dL (5.44 mmol/L), HDL-C 55 mg/dL (1.42), waist 80 cm, non-smoker, diabetic,
 * urban, northern, no family history → published 11.0 % (the constants give 11.1 % on the rounded
 * mmol/L values); with hypertension and diabetes at ≥40 the LDL-C goal is <1.8 (G25 table 6).
 */
describe('cardiovascular risk', () => {
  let stack: TestStack;
  const clock = new ManualClock(new Date('2026-03-10T02:00:00Z'));
  const deps = () => stack.service.deps;
  let doctor: Awaited<ReturnType<typeof createAccount>>;
  let resident: Awaited<ReturnType<typeof createBoundResident>>;

  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'error' } });
    doctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } });
    resident = await createBoundResident(stack, { institutionId: 'inst-east', teamId: 'team-east-1', idNumber: fakeIdNumber({ birth: '19660101', sequence: 11 }) });
    await giveDueFollowUps(stack, { residentId: resident.resident.residentId });
    await recordClinicFact(stack, { kind: 'diagnosis', residentId: resident.resident.residentId, institutionId: 'inst-east', condition: 'hyperglycemia', diagnosedOn: '2020-01-01' });
  });
  afterAll(() => stack.stop());

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const riskPath = () => `/api/residents/${resident.resident.residentId}/cardiovascular-risk`;
  const staffPath = (what: string) => `/api/staff/residents/${resident.resident.residentId}/${what}`;

  test('missing inputs are listed as what to do; the doctor’s forms fill them; the risk matches the paper', async () => {
    const before = await request(stack.url).get(riskPath()).set(auth(resident.account.token));
    expect(before.status).toBe(200);
    expect(before.body.data).toMatchObject({ applicable: true, tenYear: null, ideal: null });
    expect(before.body.data.missing.map((m: { input: string }) => m.input)).toEqual(['bloodPressure', 'totalCholesterol', 'hdlCholesterol', 'waist', 'smoking', 'region', 'areaType', 'familyHistory']);
    expect(before.body.data.missing[0].label).toBe('到社区测一次血压');

    const followUp = await request(stack.url)
      .post(staffPath('follow-ups'))
      .set(auth(doctor.token))
      .send({ clientRecordId: newClientReadingId(), form: 'hypertension', mode: 'clinic', classification: 'satisfied', signs: { systolicMmHg: 130, diastolicMmHg: 80, waistCm: 80 }, lifestyle: { cigarettesPerDay: { now: 0, target: 0 } } });
    expect(followUp.status).toBe(201);
    const lab = await request(stack.url)
      .post(staffPath('screenings'))
      .set(auth(doctor.token))
      .send({ clientRequestId: newClientReadingId(), kind: 'labResult', values: { totalCholesterolMmolL: 5.44, hdlCholesterolMmolL: 1.42, ldlCholesterolMmolL: 3.0, hba1cPercent: 7.5 }, exams: { fundus: 'normal' } });
    expect(lab.status).toBe(201);
    const form = await request(stack.url).put(staffPath('risk-factors')).set(auth(doctor.token)).send({ familyHistoryOfAscvd: false, areaType: 'urban', region: 'north' });
    expect(form.status).toBe(200);

    const risk = form.body.data;
    expect(risk.missing).toEqual([]);
    expect(risk.tenYear).toEqual({ riskPercent: 11.1, category: 'high', categoryLabel: '高危' });
    expect(Math.abs(risk.tenYear.riskPercent - 11.0)).toBeLessThanOrEqual(0.2); // Table 2, age 60
    expect(risk.ideal).toEqual({ riskPercent: 7.1, category: 'medium', categoryLabel: '中危' });
    expect(risk.changes[0]).toEqual({ change: 'lowerSystolicTo120', label: '把收缩压（高压）降到120以下', riskPercent: 9.0, reductionPercentPoints: 2.1 });
    expect(risk.inputs).toMatchObject({ sex: 'male', ageYears: 60, onAntihypertensiveTreatment: false, currentSmoker: false, diabetes: true, urban: true, northernChina: true, familyHistoryOfAscvd: false, waistCm: { value: 80, on: '2026-03-10' } });
    expect(risk.lifetime).toEqual({ applies: false, high: null, factors: [] });
    // Hypertension with diabetes at ≥40: high risk (LIP23), and G25 table 6 sets <1.8.
    expect(risk.ldlGoal).toMatchObject({ riskLevel: 'high', riskBasis: 'diabetesAtLeast40', goalBasis: 'g25Table6', ldlBelowMmolL: 1.8, requiresHalvingFromBaseline: false, atGoal: false });
    expect(await request(stack.url).get(riskPath()).set(auth(resident.account.token)).then((r) => r.body.data)).toEqual(risk);
  });

  test('the risk level sets the LDL-C target in the 档案; HbA1c and the complication screening are due items', async () => {
    const records = await request(stack.url).get(`/api/residents/${resident.resident.residentId}/records`).set(auth(resident.account.token));
    expect(records.status).toBe(200);
    expect(records.body.data.targets.lipids).toMatchObject({ ldlBelowMmolL: 1.8, riskLevel: 'high', goalBasis: 'g25Table6' });
    const kinds = Object.fromEntries(records.body.data.due.map((d: { kind: string; dueBy: string }) => [d.kind, d.dueBy]));
    // HbA1c 7.5 % today → again within 3 months; the eye examination done today → in 12 months; the
    // other parts never done → counted from the contract start (2025-11-10) + 12 months.
    expect(kinds).toMatchObject({ hba1cCheck: '2026-06-10', eyeExam: '2027-03-10', footExam: '2026-11-10', urineAlbuminCheck: '2026-11-10', egfrCheck: '2026-11-10' });
  });

  test('a family member who may view reads it; the panel shows it and filters by it', async () => {
    const relative = await createAccount(stack, {});
    await createProxyLink(stack, { residentId: resident.resident.residentId, proxyAccountId: relative.accountId, scopes: ALL_SCOPES });
    expect((await request(stack.url).get(riskPath()).set(auth(relative.token))).body.data.tenYear.category).toBe('high');

    const high = await request(stack.url).get('/api/staff/panel?risk=high').set(auth(doctor.token));
    expect(high.status).toBe(200);
    expect(high.body.data.residents).toEqual([expect.objectContaining({ residentId: resident.resident.residentId, risk: { category: 'high', riskPercent: 11.1, lifetimeHigh: false, ldlRiskLevel: 'high' } })]);
    expect((await request(stack.url).get('/api/staff/panel?risk=low').set(auth(doctor.token))).body.data.residents).toEqual([]);
  });

  test('a doctor-recorded ASCVD makes China-PAR not applicable and the goal very high: <1.8 and ≥50 % from baseline', async () => {
    await deps().models.Resident.updateOne({ _id: resident.resident.residentId }, { $set: { clinicalTargets: { bpOffice: null, bpHome: null, ascvdRiskLevel: 'veryHigh' } } });
    const risk = (await request(stack.url).get(riskPath()).set(auth(doctor.token))).body.data;
    expect(risk).toMatchObject({ applicable: false, notApplicableReason: 'ascvdOnRecord', tenYear: null });
    expect(risk.ldlGoal).toMatchObject({ riskLevel: 'veryHigh', ldlBelowMmolL: 1.8, requiresHalvingFromBaseline: true, baselineLdlCholesterolMmolL: 3.0 });
    expect((await request(stack.url).get('/api/staff/panel?risk=unknown').set(auth(doctor.token))).body.data.residents.map((r: { residentId: string }) => r.residentId)).toEqual([resident.resident.residentId]);
  });

  test('where a resident lives defaults to the institution’s (set by the admin); the resident’s own wins', async () => {
    const admin = await createAccount(stack, { roles: ['admin'] });
    const created = await request(stack.url).post('/api/admin/institutions').set(auth(admin.token)).send({ institutionId: 'inst-south', name: '南岭乡卫生院', areaType: 'rural', region: 'south' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ areaType: 'rural', region: 'south' });
    const southern = await createBoundResident(stack, { institutionId: 'inst-south', teamId: 'team-south-1' });
    const inputs = async () => (await request(stack.url).get(`/api/residents/${southern.resident.residentId}/cardiovascular-risk`).set(auth(southern.account.token))).body.data.inputs;
    expect(await inputs()).toMatchObject({ urban: false, northernChina: false });
    await deps().models.Resident.updateOne({ _id: southern.resident.residentId }, { $set: { 'riskFactors.areaType': 'urban' } });
    expect(await inputs()).toMatchObject({ urban: true, northernChina: false });
  });

  test('the risk-factor form refuses what it does not know', async () => {
    const bad = await request(stack.url).put(staffPath('risk-factors')).set(auth(doctor.token)).send({ smokingStatus: 'sometimes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    const extra = await request(stack.url).put(staffPath('risk-factors')).set(auth(doctor.token)).send({ salt: 'heavy' });
    expect(extra.status).toBe(400);
  });
});
