import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { comanagementFlagger } from '../../../server/comanagement/caseFlags';
import { createAccount, createBoundResident, newClientReadingId, recordClinicFact } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * 医防融合 co-management and 双向转诊 against the real database: a specialist of the county hospital
 * assigned to a primary-care institution sees the residents the rules flag (two uncontrolled
 * follow-ups in a row, docs/clinical-rules.md §5.4) or the team refers; their 接诊服务记录单 reaches
 * the team (resident page, notices, due items) and the resident (plain advice); a referral moves
 * requested → accepted → returned through single conditional updates, each audited, and the team's
 * due items follow it.
 */
describe('co-management and two-way referral', () => {
  let stack: TestStack;
  // 2026-03-20 10:00 Shanghai.
  const clock = new ManualClock(new Date('2026-03-20T02:00:00Z'));
  const deps = () => stack.service.deps;
  let admin: string;
  let doctor: { token: string; accountId: string };
  let doctorOtherTeam: string;
  let specialist: { token: string; accountId: string };
  let specialistWest: string;

  const as = (token: string) => ({
    get: (path: string) => request(stack.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) => request(stack.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  async function uncontrolledTwice() {
    const bound = await createBoundResident(stack, { institutionId: 'inst-c', teamId: 'team-c1', name: '王建国' });
    const residentId = bound.resident.residentId;
    await recordClinicFact(stack, { kind: 'diagnosis', residentId, institutionId: 'inst-c', condition: 'hypertension', diagnosedOn: '2019-05-12' });
    await recordClinicFact(stack, { kind: 'contract', residentId, institutionId: 'inst-c', teamId: 'team-c1', startsOn: '2025-06-01', endsOn: '2026-05-31' });
    for (const [visitedOn, sbp] of [['2026-03-02', 158], ['2026-03-16', 162]] as const) {
      const res = await as(doctor.token).post(`/api/staff/residents/${residentId}/follow-ups`, {
        clientRecordId: newClientReadingId(),
        form: 'hypertension',
        visitedOn,
        mode: 'clinic',
        classification: 'unsatisfied',
        signs: { systolicMmHg: sbp, diastolicMmHg: 98 },
      });
      expect(res.status).toBe(201);
    }
    return bound;
  }

  const visitBody = () => ({
    clientRequestId: newClientReadingId(),
    specialistName: '周主任',
    department: '心内科',
    setting: 'online',
    visitedOn: '2026-03-20',
    findings: '近两次随访血压 158/98、162/98，服药规律',
    diagnosisReview: '原发性高血压 2 级，未见靶器官损害证据',
    planChanges: [{ kind: 'medication', text: '氨氯地平加量至 10mg 每日一次' }],
    adviceToTeam: '两周后复测血压，关注下肢水肿',
    adviceToResident: '降压药加了一点量，每天早上按时吃；少吃咸的，早晚各量一次血压。',
    nextReviewOn: '2026-04-20',
  });

  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    admin = (await createAccount(stack, { roles: ['admin'] })).token;
    doctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-c', teamId: 'team-c1' } });
    doctorOtherTeam = (await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-c', teamId: 'team-c2' } })).token;
    for (const [institutionId, name, level] of [['inst-c', '城东社区卫生服务中心', 'primary'], ['inst-w', '城西社区卫生服务中心', 'primary'], ['hosp-county', '县人民医院', 'county'], ['hosp-city', '市第一人民医院', 'city']] as const) {
      expect((await as(admin).post('/api/admin/institutions', { institutionId, name, level })).status).toBe(201);
    }
    expect((await as(admin).post('/api/admin/teams', { teamId: 'team-c1', institutionId: 'inst-c', name: '城东一队', members: [{ accountId: doctor.accountId, name: '李医生', role: 'gp', lead: true }] })).status).toBe(201);
    const specialistAccount = await createAccount(stack, {});
    const assigned = await as(admin).post('/api/admin/staff-assignments', { accountId: specialistAccount.accountId, role: 'specialist', institutionId: 'hosp-county', coversInstitutionIds: ['inst-c'] });
    expect(assigned.status).toBe(200);
    expect(assigned.body.data).toMatchObject({ roles: ['specialist'], staff: { institutionId: 'hosp-county', coversInstitutionIds: ['inst-c'] } });
    specialist = specialistAccount;
    const west = await createAccount(stack, {});
    expect((await as(admin).post('/api/admin/staff-assignments', { accountId: west.accountId, role: 'specialist', institutionId: 'hosp-city', coversInstitutionIds: ['inst-w'] })).status).toBe(200);
    specialistWest = west.token;
  });
  afterAll(() => stack.stop());

  test('a specialist must work at a higher-level hospital and cover primary-care institutions', async () => {
    const account = await createAccount(stack, {});
    for (const body of [
      { institutionId: 'inst-w', coversInstitutionIds: ['inst-c'] },
      { institutionId: 'hosp-county', coversInstitutionIds: ['hosp-city'] },
      { institutionId: 'hosp-county', coversInstitutionIds: ['inst-nowhere'] },
    ]) {
      const res = await as(admin).post('/api/admin/staff-assignments', { accountId: account.accountId, role: 'specialist', ...body });
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 422, code: 'specialist_assignment_invalid' });
    }
  });

  test('two uncontrolled follow-ups → flagged to the assigned specialist only; the 接诊服务记录单 reaches the team and the resident', async () => {
    const { resident, account } = await uncontrolledTwice();
    const residentId = resident.residentId;
    // Not in co-management yet: the specialist may not open the records.
    expect((await as(specialist.token).get(`/api/specialist/residents/${residentId}`)).body.error?.code).toBe('access_denied');

    expect(await comanagementFlagger(deps())).toMatchObject({ flagsAdded: 1 });
    // Re-running the rules flags nothing twice.
    expect(await comanagementFlagger(deps())).toMatchObject({ flagsAdded: 0 });

    const queue = await as(specialist.token).get('/api/specialist/queue');
    expect(queue.status).toBe(200);
    const entry = queue.body.data.residents.find((r: { residentId: string }) => r.residentId === residentId);
    expect(entry).toMatchObject({ name: '王建国', institutionName: '城东社区卫生服务中心', needsReview: true, urgent: false, flags: [{ reason: 'uncontrolledTwice', label: '连续两次随访控制不满意', on: '2026-03-16' }] });
    // The other hospital's specialist covers another institution: not in their queue, no access.
    expect((await as(specialistWest).get('/api/specialist/queue')).body.data.residents).toEqual([]);
    expect((await as(specialistWest).get(`/api/specialist/residents/${residentId}`)).body.error?.code).toBe('access_denied');
    expect((await as(specialistWest).post(`/api/specialist/residents/${residentId}/visits`, visitBody())).body.error?.code).toBe('access_denied');

    const review = await as(specialist.token).get(`/api/specialist/residents/${residentId}`);
    expect(review.status).toBe(200);
    expect(review.body.data).toMatchObject({ resident: { name: '王建国', institutionName: '城东社区卫生服务中心' }, conditions: ['hypertension'], case: { needsReview: true } });
    expect(review.body.data.followUps.map((f: { systolicMmHg: number }) => f.systolicMmHg)).toEqual([162, 158]);
    expect(await deps().models.AuditEntry.countDocuments({ action: 'resident.comanagement.review', subjectResidentId: residentId, 'actor.kind': 'specialist' })).toBe(1);

    const body = visitBody();
    const first = await as(specialist.token).post(`/api/specialist/residents/${residentId}/visits`, body);
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({ created: true, hospitalName: '县人民医院', settingLabel: '线上会诊', planChanges: [{ kind: 'medication', kindLabel: '用药调整', text: '氨氯地平加量至 10mg 每日一次' }], nextReviewOn: '2026-04-20' });
    const replay = await as(specialist.token).post(`/api/specialist/residents/${residentId}/visits`, body);
    expect({ status: replay.status, visitId: replay.body.data.visitId, created: replay.body.data.created }).toEqual({ status: 200, visitId: first.body.data.visitId, created: false });
    const reused = await as(specialist.token).post(`/api/specialist/residents/${residentId}/visits`, { ...body, findings: '另一份记录' });
    expect({ status: reused.status, code: reused.body.error?.code }).toEqual({ status: 409, code: 'specialist_visit_request_id_reused' });
    const future = await as(specialist.token).post(`/api/specialist/residents/${residentId}/visits`, { ...visitBody(), visitedOn: '2026-03-21' });
    expect({ status: future.status, code: future.body.error?.code }).toEqual({ status: 422, code: 'specialist_visit_date_invalid' });
    expect(await deps().models.SpecialistVisit.countDocuments({ residentId })).toBe(1);

    // Reviewed: out of the queue until the next review comes near.
    expect((await as(specialist.token).get('/api/specialist/queue')).body.data.residents.some((r: { residentId: string }) => r.residentId === residentId)).toBe(false);

    // The team: the record on the resident page, a notice for each member, the review as a due item.
    const team = await as(doctor.token).get(`/api/staff/residents/${residentId}/comanagement`);
    expect(team.status).toBe(200);
    expect(team.body.data).toMatchObject({ case: { needsReview: false, nextReviewOn: '2026-04-20' }, visits: [{ adviceToTeam: '两周后复测血压，关注下肢水肿' }] });
    expect(team.body.data.destinations).toEqual([
      { institutionId: 'hosp-city', name: '市第一人民医院', level: 'city' },
      { institutionId: 'hosp-county', name: '县人民医院', level: 'county' },
    ]);
    expect((await as(doctorOtherTeam).get(`/api/staff/residents/${residentId}/comanagement`)).body.error?.code).toBe('access_denied');
    const notices = await as(doctor.token).get('/api/staff/notices');
    expect(notices.body.data.notices[0]).toMatchObject({ kind: 'specialistVisitRecorded', title: '专科医生周主任填写了接诊服务记录单', refs: { residentId } });
    const summary = await as(doctor.token).get(`/api/staff/residents/${residentId}`);
    expect(summary.body.data.due).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'specialistReview', kindLabel: '专科医生复诊', dueBy: '2026-04-20' })]));

    // The resident: the advice in plain words, and a notice.
    const advice = await as(account.token).get(`/api/residents/${residentId}/specialist-advice`);
    expect(advice.status).toBe(200);
    expect(advice.body.data.visits).toEqual([
      expect.objectContaining({ specialistName: '周主任', hospitalName: '县人民医院', advice: '降压药加了一点量，每天早上按时吃；少吃咸的，早晚各量一次血压。', nextReviewOn: '2026-04-20' }),
    ]);
    expect(await deps().models.Notice.countDocuments({ residentId, kind: 'specialistAdvice' })).toBe(1);
  });

  test('a review requested by the team puts the resident in the queue', async () => {
    const { resident } = await createBoundResident(stack, { institutionId: 'inst-c', teamId: 'team-c1' });
    const res = await as(doctor.token).post(`/api/staff/residents/${resident.residentId}/specialist-review-requests`, { clientRequestId: newClientReadingId(), note: '三联用药血压仍高，请评估' });
    expect(res.status).toBe(201);
    expect(res.body.data.case).toMatchObject({ needsReview: true, flags: [{ reason: 'teamRequest', note: '三联用药血压仍高，请评估' }] });
    const queue = await as(specialist.token).get('/api/specialist/queue');
    expect(queue.body.data.residents.map((r: { residentId: string }) => r.residentId)).toContain(resident.residentId);
  });

  test('a referral: requested → accepted → returned with a plan; each step audited; due items follow', async () => {
    const { resident, account } = await uncontrolledTwice();
    const residentId = resident.residentId;
    const path = `/api/staff/residents/${residentId}/referrals`;
    const body = { clientRequestId: newClientReadingId(), toInstitutionId: 'hosp-county', toDepartment: '心内科', reason: '连续两次随访血压控制不满意', urgency: 'urgent', greenChannel: true };

    const refusedPlace = await as(doctor.token).post(path, { ...body, clientRequestId: newClientReadingId(), toInstitutionId: 'inst-w' });
    expect({ status: refusedPlace.status, code: refusedPlace.body.error?.code }).toEqual({ status: 422, code: 'referral_destination_invalid' });
    const created = await as(doctor.token).post(path, body);
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ state: 'requested', stateLabel: '等待上级医院接收', toInstitutionName: '县人民医院', greenChannel: true, urgencyLabel: '尽快（3 日内）', referredOn: '2026-03-20' });
    const referralId: string = created.body.data.referralId;
    expect((await as(doctor.token).post(path, body)).status).toBe(200);
    expect(await deps().models.Referral.countDocuments({ residentId })).toBe(1);

    // Referred after the second uncontrolled follow-up: checking on it replaces the flagged re-follow-up.
    const dueOf = async () => (await as(doctor.token).get(`/api/staff/residents/${residentId}`)).body.data.due as Array<{ kind: string; dueBy: string; referralFlag: boolean }>;
    const due = await dueOf();
    expect(due.find((d) => d.kind === 'referralCheck')).toMatchObject({ dueBy: '2026-04-03' });
    expect(due.some((d) => d.kind === 'reFollowUp')).toBe(false);

    // The receiving hospital's specialist sees it; the team cannot answer it, the other hospital cannot either.
    const inbox = await as(specialist.token).get('/api/specialist/referrals');
    expect(inbox.body.data.referrals[0]).toMatchObject({ referralId, residentName: '王建国', state: 'requested' });
    expect((await as(doctor.token).post(`/api/referrals/${referralId}/accept`, {})).body.error?.code).toBe('access_denied');
    expect((await as(specialistWest).post(`/api/referrals/${referralId}/accept`, {})).body.error?.code).toBe('access_denied');
    expect((await as(specialist.token).post(`/api/referrals/${referralId}/decline`, {})).status).toBe(400);

    const accepted = await as(specialist.token).post(`/api/referrals/${referralId}/accept`, { note: '已安排心内科门诊' });
    expect(accepted.body.data).toMatchObject({ state: 'accepted', answerNote: '已安排心内科门诊' });
    // The same step again (a double tap) answers the referral as it is.
    expect((await as(specialist.token).post(`/api/referrals/${referralId}/accept`, {})).body.data.state).toBe('accepted');

    const cancel = await as(doctor.token).post(`/api/referrals/${referralId}/cancel`);
    expect({ status: cancel.status, code: cancel.body.error?.code }).toEqual({ status: 409, code: 'referral_state_conflict' });
    const returned = await as(specialist.token).post(`/api/referrals/${referralId}/return`, { outcome: '排除继发性高血压', planText: '氨氯地平 10mg + 缬沙坦 80mg 每日一次', followUpWithinDays: 7, adviceToResident: '回社区后一周内找家庭医生量血压。' });
    expect(returned.status).toBe(200);
    expect(returned.body.data).toMatchObject({ state: 'returned', stateLabel: '已转回家庭医生团队', returnedOn: '2026-03-20', plan: { followUpWithinDays: 7 } });

    const history = (await deps().models.Referral.findById(referralId).lean())?.history.map((h) => h.state);
    expect(history).toEqual(['requested', 'accepted', 'returned']);
    expect(await deps().models.AuditEntry.countDocuments({ action: 'referral.respond', subjectResidentId: residentId })).toBe(3);
    expect(await deps().models.AuditEntry.countDocuments({ action: 'resident.referrals.create', subjectResidentId: residentId })).toBe(3);
    const after = await dueOf();
    expect(after.find((d) => d.kind === 'postReferralFollowUp')).toMatchObject({ dueBy: '2026-03-27' });
    expect(after.some((d) => d.kind === 'referralCheck')).toBe(false);
    const returnedNotice = (await as(doctor.token).get('/api/staff/notices')).body.data.notices.find((n: { refs: { referralId?: string }; kind: string }) => n.refs.referralId === referralId && n.kind === 'referralReturned');
    expect(returnedNotice).toMatchObject({ title: '居民已转回本团队', body: expect.stringContaining('请在 7 天内随访') });

    const advice = await as(account.token).get(`/api/residents/${residentId}/specialist-advice`);
    expect(advice.body.data.referrals).toEqual([expect.objectContaining({ toInstitutionName: '县人民医院', stateLabel: '已转回家庭医生团队', advice: '回社区后一周内找家庭医生量血压。', followUpWithinDays: 7 })]);
  });

  test('accepting and declining at once: exactly one wins, the other is told the state changed', async () => {
    const { resident } = await createBoundResident(stack, { institutionId: 'inst-c', teamId: 'team-c1' });
    const body = { clientRequestId: newClientReadingId(), toInstitutionId: 'hosp-county', reason: '血糖控制不佳', urgency: 'routine', greenChannel: false };
    const referralId: string = (await as(doctor.token).post(`/api/staff/residents/${resident.residentId}/referrals`, body)).body.data.referralId;
    const answers = await Promise.all([
      as(specialist.token).post(`/api/referrals/${referralId}/accept`, { note: '已安排门诊' }),
      as(specialist.token).post(`/api/referrals/${referralId}/decline`, { note: '本院床位已满' }),
      as(doctor.token).post(`/api/referrals/${referralId}/cancel`),
    ]);
    const won = answers.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    expect(answers.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(['referral_state_conflict', 'referral_state_conflict']);
    const stored = await deps().models.Referral.findById(referralId).lean();
    expect(stored?.state).toBe(won[0]!.body.data.state);
    expect(stored?.history.map((h) => h.state)).toEqual(['requested', stored?.state]);
  });
});
