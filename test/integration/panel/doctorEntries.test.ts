import { Types } from 'mongoose';
import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { pointsEventConsumer } from '../../../server/passbook/eventConsumer';
import { createAccount, createBoundResident, createResident, newClientReadingId, recordClinicFact } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * The doctor's own entries (POST /api/staff/residents/:id/contracts and /screenings): written through
 * the integration API's writers, so the record, its domain event and the passbook's points are the
 * same as for a clinic push. Idempotent by clientRequestId (201, then 200 with the same record);
 * points are credited once by the passbook consumer; bad input is 400 with its code. Plus the
 * doctor's resident summary and marking a resident's notice read.
 *
 * Points (docs/domain.md §4.2): contract signed +200, renewed +100, each screening measure +20, Hcy +30.
 */
describe('doctor entries: contracts, screenings, summary, notices', () => {
  let stack: TestStack;
  // 2026-03-10 10:00 Shanghai.
  const clock = new ManualClock(new Date('2026-03-10T02:00:00Z'));
  const inst = 'inst-d';
  const deps = () => stack.service.deps;
  let doctor: { token: string; accountId: string };
  let doctorOtherTeam: string;
  let admin: string;

  const as = (token: string) => ({
    get: (path: string) => request(stack.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) => request(stack.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
  });
  const balanceOf = async (residentId: string) => (await as(doctor.token).get(`/api/residents/${residentId}/passbook`)).body.data.balancePoints as number;

  async function hypertensiveResident() {
    const bound = await createBoundResident(stack, { institutionId: inst, teamId: 'team-d1', phone: '13800005678' });
    await recordClinicFact(stack, { kind: 'diagnosis', residentId: bound.resident.residentId, institutionId: inst, condition: 'hypertension', diagnosedOn: '2019-05-12' });
    return bound;
  }

  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    doctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: inst, teamId: 'team-d1' } });
    doctorOtherTeam = (await createAccount(stack, { roles: ['doctor'], staff: { institutionId: inst, teamId: 'team-d2' } })).token;
    admin = (await createAccount(stack, { roles: ['admin'] })).token;
    expect((await as(admin).post('/api/admin/institutions', { institutionId: inst, name: '东城社区卫生服务中心' })).status).toBe(201);
    const team = await as(admin).post('/api/admin/teams', { teamId: 'team-d1', institutionId: inst, name: '东城家庭医生一队', members: [{ accountId: doctor.accountId, name: '李医生', role: 'gp', lead: true }] });
    expect(team.status).toBe(201);
  });
  afterAll(() => stack.stop());

  describe('signing and renewing a contract', () => {
    test('201 with the contract as the 档案 shows it; a retry is 200 with the same contract; +200 points once', async () => {
      const { resident, account } = await hypertensiveResident();
      const path = `/api/staff/residents/${resident.residentId}/contracts`;
      const body = { clientRequestId: newClientReadingId(), servicePackage: 'hypertension', startsOn: '2026-03-10', endsOn: '2027-03-09' };

      const first = await as(doctor.token).post(path, body);
      expect(first.status).toBe(201);
      expect(first.body.data).toMatchObject({
        created: true,
        signedOn: '2026-03-10',
        renewalOf: null,
        contract: {
          status: 'active',
          startsOn: '2026-03-10',
          endsOn: '2027-03-09',
          packageName: '高血压个性化签约服务包',
          packageItems: expect.arrayContaining(['每季度面对面随访', '免费同型半胱氨酸检测']),
          servicePackage: 'hypertension',
          team: { teamId: 'team-d1', name: '东城家庭医生一队', members: [{ role: 'generalPractitioner', name: '李医生', phone: null }] },
        },
      });
      const contractId = first.body.data.contract.contractId as string;

      // The resident's own 档案 shows exactly this contract.
      const records = await as(account.token).get(`/api/residents/${resident.residentId}/records`);
      expect(records.body.data.contract).toEqual(first.body.data.contract);

      // The app retries (lost response): the same contract, nothing new.
      const retry = await as(doctor.token).post(path, body);
      expect(retry.status).toBe(200);
      expect(retry.body.data).toEqual({ ...first.body.data, created: false });
      expect(await deps().models.Contract.countDocuments({ residentId: resident.residentId })).toBe(1);
      expect(await deps().models.DomainEvent.countDocuments({ residentId: resident.residentId, type: 'contractRecorded' })).toBe(1);

      // The route asked the passbook to consume at once: the on-demand job credits the points.
      await stack.service.jobs.runDueJobs();
      expect(await balanceOf(resident.residentId)).toBe(200);
      expect((await pointsEventConsumer(deps())).consumed).toBe(0);
      expect((await as(doctor.token).post(path, body)).status).toBe(200);
      await pointsEventConsumer(deps());
      expect(await balanceOf(resident.residentId)).toBe(200);
      const statement = await as(account.token).get(`/api/residents/${resident.residentId}/passbook/statement?type=earn`);
      expect(statement.body.data.items).toHaveLength(1);
      expect(statement.body.data.items[0]).toMatchObject({ points: 200, day: '2026-03-10' });

      // The same request id with another request is refused; nothing changes.
      const reused = await as(doctor.token).post(path, { ...body, servicePackage: 'basic' });
      expect(reused.status).toBe(409);
      expect(reused.body.error).toMatchObject({ code: 'staff_request_id_reused', message: expect.stringContaining('请求编号') });
      expect((await deps().models.Contract.findById(contractId).lean())?.data).toMatchObject({ servicePackage: 'hypertension' });

      // The resident is now on the team's panel, and sees who signed in their access log.
      const panel = await as(doctor.token).get('/api/staff/panel');
      expect(panel.body.data.residents.map((r: { residentId: string }) => r.residentId)).toContain(resident.residentId);
      const log = await as(account.token).get(`/api/residents/${resident.residentId}/audit-entries?actorKind=doctor`);
      expect(log.body.data.entries.map((e: { actionLabel: string }) => e.actionLabel)).toContain('办理了家庭医生签约');
    });

    test('renewal: +100 points; overlapping, ended or badly linked periods are refused with their codes', async () => {
      const { resident } = await hypertensiveResident();
      const path = `/api/staff/residents/${resident.residentId}/contracts`;
      const sign = (body: object) => as(doctor.token).post(path, { clientRequestId: newClientReadingId(), servicePackage: 'basic', ...body });
      const original = await sign({ startsOn: '2025-04-01', endsOn: '2026-03-31' });
      expect(original.status).toBe(201);
      const originalId = original.body.data.contract.contractId as string;

      const overlapping = await sign({ startsOn: '2026-03-01', endsOn: '2027-02-28' });
      expect(overlapping.status).toBe(409);
      expect(overlapping.body.error).toMatchObject({ code: 'contract_period_overlaps', details: { contractId: originalId, startsOn: '2025-04-01', endsOn: '2026-03-31' } });
      const earlyRenewal = await sign({ startsOn: '2026-03-31', endsOn: '2027-03-30', renewalOf: originalId });
      expect(earlyRenewal.body.error.code).toBe('contract_renewal_invalid');
      expect(earlyRenewal.status).toBe(400);
      const unknown = await sign({ startsOn: '2026-04-01', endsOn: '2027-03-31', renewalOf: new Types.ObjectId().toHexString() });
      expect(unknown.body.error.code).toBe('contract_renewal_invalid');
      const ended = await sign({ startsOn: '2024-01-01', endsOn: '2024-12-31' });
      expect(ended.status).toBe(400);
      expect(ended.body.error.code).toBe('contract_period_invalid');

      const renewal = await sign({ servicePackage: 'elderly', startsOn: '2026-04-01', endsOn: '2027-03-31', renewalOf: originalId });
      expect(renewal.status).toBe(201);
      expect(renewal.body.data).toMatchObject({ renewalOf: originalId, contract: { servicePackage: 'elderly', packageName: '老年人签约服务包' } });
      await pointsEventConsumer(deps());
      // Signed +200, renewed +100 (the passbook sees the earlier contract).
      expect(await balanceOf(resident.residentId)).toBe(300);
      expect(await deps().models.Contract.countDocuments({ residentId: resident.residentId })).toBe(2);
    });

    test('racing signings of overlapping periods: exactly one contract; a crashed signer’s lease is taken over', async () => {
      const { resident } = await hypertensiveResident();
      const path = `/api/staff/residents/${resident.residentId}/contracts`;
      const sign = (startsOn: string, endsOn: string) => as(doctor.token).post(path, { clientRequestId: newClientReadingId(), servicePackage: 'basic', startsOn, endsOn });
      const periods = [['2026-04-01', '2027-03-31'], ['2026-05-01', '2027-04-30'], ['2026-06-01', '2027-05-31'], ['2026-04-15', '2027-04-14'], ['2026-07-01', '2027-06-30'], ['2026-03-20', '2027-03-19']] as const;
      const results = await Promise.all(periods.map(([from, to]) => sign(from, to)));
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      for (const refused of results.filter((r) => r.status !== 201)) {
        expect(refused.status).toBe(409);
        expect(['contract_period_overlaps', 'contract_signing_in_progress']).toContain(refused.body.error.code);
      }
      expect(await deps().models.Contract.countDocuments({ residentId: resident.residentId })).toBe(1);
      expect(await deps().models.Lease.countDocuments({})).toBe(0);

      // A signer that died holding the lease blocks the resident only until the lease runs out.
      const key = `contract-signing:${resident.residentId}`;
      await deps().models.Lease.collection.insertOne({ _id: key, holder: 'crashed', until: new Date(clock.now().getTime() + 30_000) } as never);
      // A period after every racer's, whichever of them won.
      const blocked = await sign('2027-07-01', '2028-06-30');
      expect(blocked.status).toBe(409);
      expect(blocked.body.error).toMatchObject({ code: 'contract_signing_in_progress', message: '该居民的签约正在办理中，请稍后再试' });
      const before = clock.now();
      clock.advanceMs(31_000);
      expect((await sign('2027-07-01', '2028-06-30')).status).toBe(201);
      clock.set(before);
    }, 30_000);

    test.each([
      ['not a calendar day', { startsOn: '2026-02-30', endsOn: '2027-01-01' }, 'body.startsOn', '日期格式应为 YYYY-MM-DD'],
      ['an unknown package', { servicePackage: 'gold' }, 'body.servicePackage', undefined],
      ['a request id too short', { clientRequestId: 'abc' }, 'body.clientRequestId', '8–64位字母、数字、- 或 _'],
    ])('400 validation_failed for %s', async (_label, change, path, message) => {
      const { residentId } = await createResident(stack, { institutionId: inst, teamId: 'team-d1' });
      const res = await as(doctor.token).post(`/api/staff/residents/${residentId}/contracts`, { clientRequestId: newClientReadingId(), servicePackage: 'basic', startsOn: '2026-04-01', endsOn: '2027-03-31', ...change });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      const issue = (res.body.error.details.issues as Array<{ path: string; message: string }>).find((i) => i.path === path);
      expect(issue).toBeDefined();
      if (message) expect(issue?.message).toBe(message);
      expect(await deps().models.Contract.countDocuments({ residentId })).toBe(0);
    });

    // Rules across the two dates are the command's: their own code, which the document can name (issue 19).
    test.each([
      ['an end before the start', { startsOn: '2026-05-01', endsOn: '2026-04-30' }],
      ['an end on the start', { startsOn: '2026-05-01', endsOn: '2026-05-01' }],
      ['more than three years', { startsOn: '2026-04-01', endsOn: '2029-04-02' }],
    ])('400 contract_period_invalid for %s', async (_label, change) => {
      const { residentId } = await createResident(stack, { institutionId: inst, teamId: 'team-d1' });
      const res = await as(doctor.token).post(`/api/staff/residents/${residentId}/contracts`, { clientRequestId: newClientReadingId(), servicePackage: 'basic', ...change });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('contract_period_invalid');
    });

    test('only a doctor of the resident’s team signs', async () => {
      const { resident, account } = await hypertensiveResident();
      const body = { clientRequestId: newClientReadingId(), servicePackage: 'basic', startsOn: '2026-04-01', endsOn: '2027-03-31' };
      for (const token of [doctorOtherTeam, account.token, admin]) {
        const res = await as(token).post(`/api/staff/residents/${resident.residentId}/contracts`, body);
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('access_denied');
      }
      expect(await deps().models.Contract.countDocuments({ residentId: resident.residentId })).toBe(0);
    });
  });

  describe('recording screenings and lab results', () => {
    test('a screening with BP, glucose, lipids and Hcy ≥ 10: H-type; +20 × 3 and +30 once; a retry is 200 with the same record', async () => {
      const { resident, account } = await hypertensiveResident();
      const path = `/api/staff/residents/${resident.residentId}/screenings`;
      const body = { clientRequestId: newClientReadingId(), measuredAt: '2026-03-10T09:30:00+08:00', values: { systolicMmHg: 148, diastolicMmHg: 92, fastingGlucoseMmolL: 6.4, ldlCholesterolMmolL: 3.1, hcyUmolL: 16.2 }, labName: '检验科' };
      expect((await as(account.token).get(`/api/residents/${resident.residentId}/records`)).body.data.hTypeHypertension).toBe(false);

      const first = await as(doctor.token).post(path, body);
      expect(first.status).toBe(201);
      expect(first.body.data).toMatchObject({
        created: true,
        labResult: { kind: 'screening', measuredAt: '2026-03-10T01:30:00.000Z', values: body.values, labName: '检验科' },
        screeningMeasures: ['bp', 'glucose', 'lipids'],
        hTypeHypertension: true,
        latestHcyUmolL: 16.2,
      });
      const retry = await as(doctor.token).post(path, body);
      expect(retry.status).toBe(200);
      expect(retry.body.data).toEqual({ ...first.body.data, created: false });
      expect(await deps().models.LabResult.countDocuments({ residentId: resident.residentId })).toBe(1);

      // The resident's 档案: the lab result, H-type, and the Hcy target for H-type (< 10).
      const records = (await as(account.token).get(`/api/residents/${resident.residentId}/records`)).body.data;
      expect(records.hTypeHypertension).toBe(true);
      expect(records.labResults[0]).toMatchObject({ labResultId: first.body.data.labResult.labResultId, values: body.values });
      expect(records.targets.hcy).toMatchObject({ belowUmolL: 10 });

      const consumed = await pointsEventConsumer(deps());
      expect(consumed).toMatchObject({ failed: 0 });
      expect(await balanceOf(resident.residentId)).toBe(90);
      expect((await as(doctor.token).post(path, body)).status).toBe(200);
      expect((await pointsEventConsumer(deps())).consumed).toBe(0);
      expect(await balanceOf(resident.residentId)).toBe(90);

      const reused = await as(doctor.token).post(path, { ...body, values: { hcyUmolL: 9 } });
      expect(reused.status).toBe(409);
      expect(reused.body.error.code).toBe('staff_request_id_reused');
    });

    test('a lab result (not a screening) with Hcy < 10 earns only the Hcy test and does not make H-type', async () => {
      const { resident } = await hypertensiveResident();
      const res = await as(doctor.token).post(`/api/staff/residents/${resident.residentId}/screenings`, { clientRequestId: newClientReadingId(), kind: 'labResult', values: { hcyUmolL: 8.5, hba1cPercent: 6.1 } });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ screeningMeasures: [], hTypeHypertension: false, latestHcyUmolL: 8.5, labResult: { kind: 'labResult', measuredAt: clock.now().toISOString() } });
      const events = await deps().models.DomainEvent.find({ residentId: resident.residentId }).lean();
      expect(events.map((e) => e.type).sort()).toEqual(['hcyTestRecorded']);
      await pointsEventConsumer(deps());
      expect(await balanceOf(resident.residentId)).toBe(30);
    });

    test.each([
      ['Hcy out of range', { hcyUmolL: 900 }, undefined, { field: 'hcyUmolL', code: 'hcy_out_of_range' }],
      ['systolic not above diastolic', { systolicMmHg: 80, diastolicMmHg: 90 }, undefined, { field: 'systolicMmHg' }],
      ['a glucose no meter shows', { randomGlucoseMmolL: 45 }, undefined, { field: 'glucoseMmolL' }],
      ['a time in the future', { ldlCholesterolMmolL: 3.0 }, '2026-03-11T09:00:00+08:00', { field: 'measuredAt' }],
    ])('422 record_implausible for %s, with the shared reason and its Chinese message; nothing written', async (_label, values, measuredAt, issue) => {
      const { residentId } = await createResident(stack, { institutionId: inst, teamId: 'team-d1' });
      const res = await as(doctor.token).post(`/api/staff/residents/${residentId}/screenings`, { clientRequestId: newClientReadingId(), values, ...(measuredAt ? { measuredAt } : {}) });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('record_implausible');
      expect(res.body.error.message).toBe('记录中的数值超出合理范围，请核对');
      expect(res.body.error.details.issues[0]).toMatchObject(issue);
      expect(res.body.error.details.issues[0].message).toMatch(/[\u4e00-\u9fa5]/);
      expect(await deps().models.LabResult.countDocuments({ residentId })).toBe(0);
      expect(await deps().models.DomainEvent.countDocuments({ residentId })).toBe(0);
    });

    test.each([
      ['no value at all', { values: {} }],
      ['systolic without diastolic', { values: { systolicMmHg: 140 } }],
      ['a value that is not a number', { values: { hcyUmolL: '12' } }],
      ['an unknown kind', { kind: 'xray', values: { hcyUmolL: 12 } }],
    ])('400 validation_failed for %s', async (_label, change) => {
      const { residentId } = await createResident(stack, { institutionId: inst, teamId: 'team-d1' });
      const res = await as(doctor.token).post(`/api/staff/residents/${residentId}/screenings`, { clientRequestId: newClientReadingId(), ...change });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    });

    test('another team’s doctor, the resident and an admin cannot record', async () => {
      const { resident, account } = await hypertensiveResident();
      for (const token of [doctorOtherTeam, account.token, admin]) {
        const res = await as(token).post(`/api/staff/residents/${resident.residentId}/screenings`, { clientRequestId: newClientReadingId(), values: { hcyUmolL: 12 } });
        expect(res.status).toBe(403);
      }
    });
  });

  describe('the resident summary for the doctor’s detail screen', () => {
    test('masked identifiers, age, conditions, contract, due items, latest readings, open alerts, latest follow-ups', async () => {
      const { resident, account } = await hypertensiveResident();
      const id = resident.residentId;
      expect((await as(doctor.token).post(`/api/staff/residents/${id}/contracts`, { clientRequestId: newClientReadingId(), servicePackage: 'hypertension', startsOn: '2025-12-01', endsOn: '2026-11-30' })).status).toBe(201);
      const urgent = await as(account.token).post(`/api/residents/${id}/readings`, {
        measure: 'bp',
        clientReadingId: newClientReadingId(),
        measuredAt: clock.now().toISOString(),
        readings: [{ systolicMmHg: 186, diastolicMmHg: 112 }, { systolicMmHg: 182, diastolicMmHg: 110 }],
      });
      expect(urgent.status).toBe(201);
      await as(account.token).post(`/api/residents/${id}/readings`, { measure: 'glucose', clientReadingId: newClientReadingId(), measuredAt: clock.now().toISOString(), timing: 'fasting', glucoseMmolL: 6.1 });
      const followUp = await as(doctor.token).post(`/api/staff/residents/${id}/follow-ups`, {
        clientRecordId: newClientReadingId(),
        form: 'hypertension',
        mode: 'phone',
        visitedOn: '2026-03-09',
        signs: { systolicMmHg: 150, diastolicMmHg: 95 },
        classification: 'unsatisfied',
        doctorName: '李医生',
      });
      expect(followUp.status).toBe(201);

      const res = await as(doctor.token).get(`/api/staff/residents/${id}`);
      expect(res.status).toBe(200);
      const s = res.body.data;
      expect(s.resident).toMatchObject({ residentId: id, name: resident.name, phoneMasked: '138****5678', teamId: 'team-d1', institutionId: inst });
      expect(s.resident.idNumberMasked).toMatch(/\*/);
      expect(s.resident.idNumberMasked).not.toBe(resident.idNumber);
      expect(JSON.stringify(s)).not.toContain(resident.idNumber);
      expect(JSON.stringify(s)).not.toContain('13800005678');
      expect(s.resident.ageYears).toBeGreaterThanOrEqual(66);
      expect(['male', 'female']).toContain(s.resident.sex);
      expect(s).toMatchObject({ conditions: ['hypertension'], hTypeHypertension: false, contract: { servicePackage: 'hypertension', startsOn: '2025-12-01', endsOn: '2026-11-30' } });
      expect(s.due.length).toBeGreaterThan(0);
      for (const item of s.due) expect(item.kindLabel).toEqual(expect.any(String));
      expect(s.lastReadings.map((r: { measure: string }) => r.measure).sort()).toEqual(['bp', 'glucose']);
      expect(s.lastReadings.find((r: { measure: string }) => r.measure === 'bp')).toMatchObject({ values: { systolicMmHg: 184, diastolicMmHg: 111 }, urgent: true });
      expect(s.openAlerts).toHaveLength(1);
      expect(s.openAlerts[0]).toMatchObject({ alertId: urgent.body.data.alert.alertId, state: 'open', residentName: resident.name });
      expect(s.lastFollowUps[0]).toMatchObject({ visitedOn: '2026-03-09', mode: 'phone', classification: 'unsatisfied', classificationLabel: '控制不满意', systolicMmHg: 150, diastolicMmHg: 95, doctorName: '李医生' });

      // Audited as the doctor's read; refused for another team's doctor, the resident and admins.
      expect(await deps().models.AuditEntry.countDocuments({ subjectResidentId: id, action: 'resident.summary.read' })).toBe(1);
      for (const token of [doctorOtherTeam, account.token, admin]) expect((await as(token).get(`/api/staff/residents/${id}`)).status).toBe(403);
    });
  });

  describe('a resident marks a notice read', () => {
    test('own notices only; the first read time is kept', async () => {
      const { resident, account } = await createBoundResident(stack, { institutionId: inst, teamId: 'team-d1' });
      const { resident: other, account: otherAccount } = await createBoundResident(stack, { institutionId: inst, teamId: 'team-d1' });
      const notice = await deps().models.Notice.create({ eventKey: `test:${newClientReadingId()}`, residentId: resident.residentId, kind: 'proxyRedeemed', title: '家属代您使用了积分', body: '女儿代您抵扣了 120 积分', createdAt: clock.now() });
      const noticeId = String(notice._id);
      const path = `/api/residents/${resident.residentId}/notices/${noticeId}/read`;

      const read = await as(account.token).post(path);
      expect(read.status).toBe(200);
      expect(read.body.data.notice).toMatchObject({ noticeId, read: true, readAt: clock.now().toISOString(), title: '家属代您使用了积分' });
      clock.advanceMs(60_000);
      expect((await as(account.token).post(path)).body.data.notice.readAt).toBe(read.body.data.notice.readAt);
      const list = await as(account.token).get(`/api/residents/${resident.residentId}/notices`);
      expect(list.body.data.notices.find((n: { noticeId: string }) => n.noticeId === noticeId)).toMatchObject({ read: true });

      // Someone else's notice under one's own id is simply not there; someone else's path is refused.
      const viaOther = await as(otherAccount.token).post(`/api/residents/${other.residentId}/notices/${noticeId}/read`);
      expect(viaOther.status).toBe(404);
      expect(viaOther.body.error.code).toBe('notice_not_found');
      expect((await as(otherAccount.token).post(path)).status).toBe(403);
      expect((await as(doctor.token).post(path)).status).toBe(403);
    });
  });
});
