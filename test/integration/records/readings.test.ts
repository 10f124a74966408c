import request from 'supertest';
import { signedHeaders } from '../../../server/integration/signature';
import { createAccount, createBoundResident, createIntegrationClient, createProxyLink, fakeIdNumber, newClientReadingId } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * Home readings through the real service: idempotency by client id, offline sync, plausibility,
 * proxy entry, urgent values → advice and exactly one alert for the team, the alert's state
 * machine, the read API (history, control status, 档案) and the CSV export.
 */
describe('home readings, alerts and the records read API', () => {
  let stack: TestStack;
  let resident: Awaited<ReturnType<typeof createBoundResident>>;
  let doctor: Awaited<ReturnType<typeof createAccount>>;
  let otherTeamDoctor: Awaited<ReturnType<typeof createAccount>>;
  beforeAll(async () => {
    stack = await startTestStack({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    resident = await createBoundResident(stack, { institutionId: 'inst-east', teamId: 'team-east-1', name: '王建国' });
    doctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } });
    otherTeamDoctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-9' } });
  });
  afterAll(() => stack.stop());

  const rid = () => resident.resident.residentId;
  const log = (token: string, body: Record<string, unknown>, residentId = rid()) =>
    request(stack.url).post(`/api/residents/${residentId}/readings`).set('Authorization', `Bearer ${token}`).send(body);
  const get = (token: string, path: string) => request(stack.url).get(path).set('Authorization', `Bearer ${token}`);
  const bp = (readings: Array<[number, number, number?]>, overrides: Record<string, unknown> = {}) => ({
    measure: 'bp',
    clientReadingId: newClientReadingId(),
    measuredAt: new Date().toISOString(),
    readings: readings.map(([s, d, p]) => ({ systolicMmHg: s, diastolicMmHg: d, ...(p ? { heartRateBpm: p } : {}) })),
    arm: 'left',
    timeOfDay: 'morning',
    ...overrides,
  });

  test('a BP session is stored with its mean, grade and home target; a retry is not a second reading', async () => {
    const body = bp([
      [142, 88, 72],
      [137, 85, 70],
    ]);
    const first = await log(resident.account.token, body);
    expect(first.status).toBe(201);
    expect(first.body.data.duplicate).toBe(false);
    expect(first.body.data.reading.values.mean).toEqual({ systolicMmHg: 140, diastolicMmHg: 87, heartRateBpm: 71, readingCount: 2 });
    expect(first.body.data.reading.assessment).toMatchObject({
      grade: 'grade1',
      atTarget: false,
      target: { systolicBelowMmHg: 135, diastolicBelowMmHg: 85, setting: 'home', basis: 'elderly' }, // factory residents are born in the 1950s
      urgent: false,
    });
    expect(first.body.data.reading.actingAs).toBe('resident');
    expect(first.body.data.alert).toBeNull();

    const retry = await log(resident.account.token, body);
    expect(retry.status).toBe(201);
    expect(retry.body.data.duplicate).toBe(true);
    expect(retry.body.data.reading.readingId).toBe(first.body.data.reading.readingId);
    expect(await stack.service.deps.models.Reading.countDocuments({ clientReadingId: body.clientReadingId })).toBe(1);
    expect(await stack.service.deps.models.DomainEvent.countDocuments({ eventId: `reading:${first.body.data.reading.readingId}` })).toBe(1);
  });

  test('the same client id with different values → reading_id_reused_with_different_values', async () => {
    const body = { measure: 'glucose', clientReadingId: newClientReadingId(), measuredAt: new Date().toISOString(), timing: 'fasting', glucoseMmolL: 6.2 };
    expect((await log(resident.account.token, body)).status).toBe(201);
    const res = await log(resident.account.token, { ...body, glucoseMmolL: 6.3 });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('reading_id_reused_with_different_values');
  });

  test('offline sync keeps the original measurement time; a future time is rejected', async () => {
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    const old = await log(resident.account.token, bp([[128, 78], [126, 76]], { measuredAt: tenDaysAgo.toISOString() }));
    expect(old.status).toBe(201);
    expect(old.body.data.reading.measuredAt).toBe(tenDaysAgo.toISOString());
    expect(old.body.data.reading.assessment.atTarget).toBe(true);

    const future = await log(resident.account.token, bp([[128, 78], [126, 76]], { measuredAt: new Date(Date.now() + 3_600_000).toISOString() }));
    expect(future.status).toBe(422);
    expect(future.body.error.code).toBe('reading_implausible');
    expect(future.body.error.details.issues).toEqual([{ field: 'measuredAt', code: 'measured_at_in_future', message: '测量时间不能晚于现在，请重新选择' }]);

    const week = await get(resident.account.token, `/api/residents/${rid()}/readings?measure=bp&days=7`);
    const quarter = await get(resident.account.token, `/api/residents/${rid()}/readings?measure=bp&days=90`);
    const ids = (res: request.Response) => res.body.data.points.map((p: { readingId: string }) => p.readingId);
    expect(ids(week)).not.toContain(old.body.data.reading.readingId);
    expect(ids(quarter)).toContain(old.body.data.reading.readingId);
    expect(quarter.body.data.target).toMatchObject({ systolicBelowMmHg: 135, diastolicBelowMmHg: 85 });
    expect(quarter.body.data.points[0]).toHaveProperty('grade');
  });

  test('implausible values are rejected with the shared reason codes and Chinese messages', async () => {
    const res = await log(resident.account.token, bp([[350, 80], [120, 130]]));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('reading_implausible');
    expect(res.body.error.details.issues.map((i: { field: string; code: string }) => [i.field, i.code])).toEqual([
      ['readings.0.systolicMmHg', 'systolic_out_of_range'],
      ['readings.1.systolicMmHg', 'systolic_not_above_diastolic'],
    ]);
    expect(res.body.error.details.issues[0].message).toContain('收缩压');

    const one = await log(resident.account.token, bp([[130, 80]]));
    expect(one.body.error.details.issues[0].code).toBe('bp_session_reading_count_invalid');
    const glucose = await log(resident.account.token, { measure: 'glucose', clientReadingId: newClientReadingId(), measuredAt: new Date().toISOString(), timing: 'random', glucoseMmolL: 40 });
    expect(glucose.body.error.details.issues[0].code).toBe('glucose_out_of_range');
    expect(await stack.service.deps.models.Reading.countDocuments({ 'values.glucoseMmolL': 40 })).toBe(0);
  });

  test('a proxy with logReadings logs for the resident and is recorded as the one who entered it; without it, access_denied', async () => {
    const daughter = await createAccount(stack);
    const son = await createAccount(stack);
    await createProxyLink(stack, { residentId: rid(), proxyAccountId: daughter.accountId, scopes: ['view', 'logReadings'] });
    await createProxyLink(stack, { residentId: rid(), proxyAccountId: son.accountId, scopes: ['view', 'redeem'] });
    const body = { measure: 'weight', clientReadingId: newClientReadingId(), measuredAt: new Date().toISOString(), weightKg: 70, heightCm: 170, source: 'device' };
    const res = await log(daughter.token, body);
    expect(res.status).toBe(201);
    expect(res.body.data.reading).toMatchObject({ actingAs: 'proxy', source: 'device', values: { weightKg: 70, heightCm: 170, bmi: 24.2 } });
    expect(res.body.data.reading.assessment.grade).toBe('overweight');
    const stored = await stack.service.deps.models.Reading.findById(res.body.data.reading.readingId).lean();
    expect(String(stored?.enteredBy.accountId)).toBe(daughter.accountId);
    expect(stored?.enteredBy.proxyLinkId).not.toBeNull();

    const denied = await log(son.token, { ...body, clientReadingId: newClientReadingId() });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('access_denied');
    // Only clinic staff may mark a reading as measured at the clinic: a matter of role, its own code.
    const claimed = await log(daughter.token, { ...body, clientReadingId: newClientReadingId(), source: 'clinic' });
    expect(claimed.status).toBe(403);
    expect(claimed.body.error.code).toBe('reading_source_clinic_staff_only');
  });

  test('an urgent value shows advice at once and raises exactly one alert, visible to the team only; open → acknowledged → closed', async () => {
    const body = bp([
      [186, 112, 90],
      [182, 108, 88],
    ]);
    const first = await log(resident.account.token, body);
    expect(first.status).toBe(201);
    expect(first.body.data.reading.assessment).toMatchObject({ urgent: true, grade: 'grade3', urgentReasons: ['bp_systolic_urgent', 'bp_diastolic_urgent'] });
    expect(first.body.data.reading.assessment.advice.join('')).toContain('5分钟');
    expect(first.body.data.reading.assessment.advice.join('')).toContain('120');
    expect(first.body.data.alert).toMatchObject({ state: 'open', values: { systolicMmHg: 184, diastolicMmHg: 110 } });
    const alertId = first.body.data.alert.alertId;

    const retry = await log(resident.account.token, body);
    expect(retry.body.data.alert.alertId).toBe(alertId);
    expect(await stack.service.deps.models.Alert.countDocuments({ residentId: rid() })).toBe(1);

    const teamList = await get(doctor.token, '/api/staff/alerts');
    expect(teamList.body.data.alerts.map((a: { alertId: string }) => a.alertId)).toContain(alertId);
    expect(teamList.body.data.alerts.find((a: { alertId: string }) => a.alertId === alertId).residentName).toBe('王建国');
    const otherList = await get(otherTeamDoctor.token, '/api/staff/alerts');
    expect(otherList.body.data.alerts.map((a: { alertId: string }) => a.alertId)).not.toContain(alertId);
    const otherAck = await request(stack.url).post(`/api/staff/alerts/${alertId}/acknowledge`).set('Authorization', `Bearer ${otherTeamDoctor.token}`);
    expect(otherAck.status).toBe(403);

    const ack = await request(stack.url).post(`/api/staff/alerts/${alertId}/acknowledge`).set('Authorization', `Bearer ${doctor.token}`);
    expect(ack.status).toBe(200);
    expect(ack.body.data.alert.state).toBe('acknowledged');
    const ackAgain = await request(stack.url).post(`/api/staff/alerts/${alertId}/acknowledge`).set('Authorization', `Bearer ${doctor.token}`);
    expect(ackAgain.status).toBe(409);
    expect(ackAgain.body.error.code).toBe('alert_not_open');

    const close = await request(stack.url).post(`/api/staff/alerts/${alertId}/close`).set('Authorization', `Bearer ${doctor.token}`).send({ note: '已电话联系，复测150/92' });
    expect(close.body.data.alert).toMatchObject({ state: 'closed', closeNote: '已电话联系，复测150/92' });
    const closeAgain = await request(stack.url).post(`/api/staff/alerts/${alertId}/close`).set('Authorization', `Bearer ${doctor.token}`).send({ note: '再次关闭' });
    expect(closeAgain.status).toBe(409);
    expect(closeAgain.body.error.code).toBe('alert_already_closed');

    const mine = await get(resident.account.token, `/api/residents/${rid()}/alerts`);
    expect(mine.body.data.alerts[0]).toMatchObject({ alertId, state: 'closed' });
  });

  test('an urgent low glucose advises fast sugar first', async () => {
    const res = await log(resident.account.token, { measure: 'glucose', clientReadingId: newClientReadingId(), measuredAt: new Date().toISOString(), timing: 'random', glucoseMmolL: 3.2 });
    expect(res.body.data.reading.assessment).toMatchObject({ urgent: true, urgentReasons: ['glucose_urgent_low'] });
    expect(res.body.data.reading.assessment.advice[0]).toContain('15克糖');
    expect(res.body.data.alert.state).toBe('open');
  });

  test('control status counts this month’s readings at target', async () => {
    const fresh = await createBoundResident(stack, { institutionId: 'inst-east', teamId: 'team-east-1' });
    const at = (token: string, s: number, d: number) => log(token, bp([[s, d], [s, d]]), fresh.resident.residentId);
    await at(fresh.account.token, 120, 75);
    await at(fresh.account.token, 150, 95);
    await at(fresh.account.token, 125, 80);
    const res = await get(fresh.account.token, `/api/residents/${fresh.resident.residentId}/control-status`);
    expect(res.body.data.statuses).toEqual([expect.objectContaining({ condition: 'hypertension', readingCount: 3, atTargetCount: 2, text: '本月血压达标 2/3 次' })]);
  });

  test('档案 shows what the clinic pushed: diagnoses, contract with team phones, follow-ups with advice, targets, due items', async () => {
    const client = await createIntegrationClient(stack, { institutionId: 'inst-east' });
    const idNumber = fakeIdNumber({ birth: '19500315' });
    const lines = [
      { type: 'archive', sourceId: 'R-1', name: '刘秀英', idNumber, phone: '13800009999', teamId: 'team-east-1', heightCm: 158 },
      { type: 'diagnosis', sourceId: 'R-D1', residentSourceId: 'R-1', condition: 'hypertension', diagnosedOn: '2018-04-01' },
      { type: 'diagnosis', sourceId: 'R-D2', residentSourceId: 'R-1', condition: 'hyperglycemia', diagnosedOn: '2020-06-01' },
      {
        type: 'contract',
        sourceId: 'R-C1',
        residentSourceId: 'R-1',
        team: { teamId: 'team-east-1', name: '东城一队', phone: '010-65000001', members: [{ role: 'generalPractitioner', name: '李医生', phone: '010-65000011' }] },
        packageName: '高血压个性化签约服务包',
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        status: 'active',
      },
      { type: 'labResult', sourceId: 'R-L1', residentSourceId: 'R-1', measuredAt: '2026-01-10T09:00:00+08:00', values: { hcyUmolL: 12.4 } },
      { type: 'followUp', sourceId: 'R-F1', residentSourceId: 'R-1', form: 'hypertension', visitedOn: '2026-01-15', mode: 'clinic', classification: 'satisfied', advice: '继续低盐饮食', signs: { systolicMmHg: 128, diastolicMmHg: 78 } },
      { type: 'intervention', sourceId: 'R-I1', residentSourceId: 'R-1', kind: 'methylfolateCourse', name: '5-甲基四氢叶酸', startedOn: '2026-01-15', recheckOn: '2026-04-15', status: 'active' },
    ];
    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    const pushed = await request(stack.url)
      .post('/api/integration/import')
      .set(signedHeaders(client, { method: 'POST', path: '/api/integration/import', body: text }))
      .set('Content-Type', 'application/x-ndjson')
      .send(text);
    expect(pushed.body.data.summary.rejected).toBe(0);
    const residentId = pushed.body.data.results[0].residentId as string;
    const account = await createAccount(stack, { residentId });

    const res = await get(account.token, `/api/residents/${residentId}/records`);
    expect(res.status).toBe(200);
    const data = res.body.data;
    expect(data.conditions).toEqual(['hypertension', 'hyperglycemia']);
    expect(data.hTypeHypertension).toBe(true);
    expect(data.targets.bp.basis).toBe('diabetesOrCkd');
    expect(data.contract.team).toMatchObject({ name: '东城一队', phone: '010-65000001', members: [{ name: '李医生', phone: '010-65000011' }] });
    expect(data.followUps[0]).toMatchObject({ classification: 'satisfied', advice: '继续低盐饮食' });
    expect(data.interventions[0]).toMatchObject({ kind: 'methylfolateCourse', recheckOn: '2026-04-15' });
    expect(data.due.length).toBeGreaterThan(0);
    expect(JSON.stringify(data)).not.toContain(idNumber);

    // Home readings are now judged against the diabetes target (<130/80 office → <130/80 at home).
    const reading = await log(account.token, bp([[132, 78], [130, 76]]), residentId);
    expect(reading.body.data.reading.assessment).toMatchObject({ atTarget: false, target: { systolicBelowMmHg: 130, diastolicBelowMmHg: 80, basis: 'diabetesOrCkd' } });
    // Weight uses the archive's height.
    const weight = await log(account.token, { measure: 'weight', clientReadingId: newClientReadingId(), measuredAt: new Date().toISOString(), weightKg: 60 }, residentId);
    expect(weight.body.data.reading.values).toMatchObject({ heightCm: 158, bmi: 24 });
  });

  test('CSV export: UTF-8 with BOM, the resident’s name and the date range in the header, one row per reading', async () => {
    const res = await request(stack.url)
      .get(`/api/residents/${rid()}/readings/export.csv?measure=bp`)
      .set('Authorization', `Bearer ${resident.account.token}`)
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.trim().split('\r\n');
    expect(lines[1]).toBe('姓名,王建国');
    expect(lines[2]).toMatch(/^日期范围,\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}$/);
    expect(lines[6]).toBe('测量时间,项目,数值,单位,评估,是否达标,来源,录入人');
    const rows = lines.slice(7);
    const count = await stack.service.deps.models.Reading.countDocuments({ residentId: rid(), measure: 'bp' });
    expect(rows).toHaveLength(count);
    expect(rows.some((r) => r.includes('184/110（2次平均，脉搏89）') && r.includes('3级高血压（紧急）'))).toBe(true);
  });
});
