import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { addCalendarDays, shanghaiDate } from '../../shared/time/shanghai';
import { comanagementFlagger } from '../../server/comanagement/caseFlags';
import { pointsEventConsumer } from '../../server/passbook/eventConsumer';
import { openidFor } from '../../server/dev/simulators/wechatApi';
import { launchChromium, screenshot } from '../helpers/browser';
import { createAccount, createEducationItemFixture, createResident, newClientReadingId, recordClinicFact, type AccountFixture, type ResidentFixture } from '../helpers/factories';
import { requireH5Build } from '../helpers/h5';
import { startTestStack, type TestStack } from '../helpers/stack';
import { auditPage, elderlyRules, formatViolations } from './support/elderAudit';
import { phones } from './support/phones';

/**
 * Issue 17 in Chromium, a phone per person: a resident uncontrolled at two follow-ups in a row is
 * flagged to the county hospital's specialist → the specialist reviews and writes a 接诊服务记录单 with
 * a plan change → the team sees it on the resident page and in its notices, the resident reads the
 * advice in 长辈模式 → the team refers up (green channel) → the hospital accepts and sends the
 * resident back down with a plan → both sides see it. Then the resident passes a quiz (points, within
 * the monthly cap), answers the satisfaction survey, and the admin finds the answer on the scorecard.
 */
describe('co-management, referral, education and the scorecard (H5 in Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;
  const { openAs, closeAll } = phones(() => browser, () => stack.url);
  let resident: ResidentFixture;
  let residentAccount: AccountFixture;
  let doctorToken: string;
  let adminToken: string;
  let itemId: string;
  const run = Date.now().toString(36);
  const hints = { resident: `e2e-co-res-${run}`, doctor: `e2e-co-dr-${run}`, specialist: `e2e-co-sp-${run}`, admin: `e2e-co-adm-${run}` };
  const openidOf = (hint: string) => openidFor(stack.config.wechat.appId, hint);
  const today = () => shanghaiDate(new Date());
  const input = (page: Page, testId: string) => page.getByTestId(testId).locator('input');
  /** main's 适老化 audit (support/elderAudit.ts) in 长辈模式 on the screen shown now: '' when it passes. */
  const elderlyViolations = async (page: Page, label: string) => formatViolations(label, await auditPage(page, elderlyRules));
  const api = (token: string) => ({
    post: (path: string, body: object) => request(stack.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  beforeAll(async () => {
    stack = await startTestStack({ publicDir: requireH5Build(), env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    browser = await launchChromium();
    const admin = await createAccount(stack, { openid: openidOf(hints.admin), roles: ['admin'] });
    adminToken = admin.token;
    for (const [institutionId, name, level] of [['inst-east', '东城社区卫生服务中心', 'primary'], ['hosp-county', '县人民医院', 'county']] as const) {
      expect((await api(adminToken).post('/api/admin/institutions', { institutionId, name, level })).status).toBe(201);
    }
    const doctor = await createAccount(stack, { openid: openidOf(hints.doctor), roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } });
    doctorToken = doctor.token;
    expect((await api(adminToken).post('/api/admin/teams', { teamId: 'team-east-1', institutionId: 'inst-east', name: '东城家庭医生一队', members: [{ accountId: doctor.accountId, name: '李医生', role: 'gp', lead: true }] })).status).toBe(201);
    const specialist = await createAccount(stack, { openid: openidOf(hints.specialist) });
    expect((await api(adminToken).post('/api/admin/staff-assignments', { accountId: specialist.accountId, role: 'specialist', institutionId: 'hosp-county', coversInstitutionIds: ['inst-east'] })).status).toBe(200);

    resident = await createResident(stack, { name: '王建国', institutionId: 'inst-east', teamId: 'team-east-1' });
    await recordClinicFact(stack, { kind: 'diagnosis', residentId: resident.residentId, institutionId: 'inst-east', condition: 'hypertension', diagnosedOn: '2018-04-01' });
    await recordClinicFact(stack, { kind: 'contract', residentId: resident.residentId, institutionId: 'inst-east', teamId: 'team-east-1', startsOn: addCalendarDays(today(), -120), endsOn: addCalendarDays(today(), 240) });
    residentAccount = await createAccount(stack, { openid: openidOf(hints.resident), residentId: resident.residentId });
    itemId = (await createEducationItemFixture(stack, { title: '高血压患者每天吃多少盐' })).itemId;
  });
  afterAll(async () => {
    await closeAll();
    await browser?.close();
    await stack?.stop();
  });

  test('uncontrolled twice → the specialist → 接诊服务记录单 → the team and the resident see it → referral up and back down', async () => {
    // Two follow-ups in a row not controlled (the team's form is covered by doctor.test.ts).
    for (const [visitedOn, sbp] of [[addCalendarDays(today(), -16), 158], [addCalendarDays(today(), -2), 162]] as const) {
      const res = await api(doctorToken).post(`/api/staff/residents/${resident.residentId}/follow-ups`, { clientRecordId: newClientReadingId(), form: 'hypertension', visitedOn, mode: 'clinic', classification: 'unsatisfied', signs: { systolicMmHg: sbp, diastolicMmHg: 98 } });
      expect(res.status).toBe(201);
    }
    // The flagging job (a minute's rhythm in the service; run on demand here).
    expect(await comanagementFlagger(stack.service.deps)).toMatchObject({ flagsAdded: 1 });

    // The specialist: 我的 → 专科共管 → the resident flagged → review → 接诊服务记录单.
    const specialist = await openAs(hints.specialist);
    await specialist.goto(`${stack.url}/#/pages/me/index`);
    await specialist.getByTestId('me-specialist-queue').click();
    const row = specialist.locator(`[data-testid="queue-row"][data-resident-id="${resident.residentId}"]`);
    await row.waitFor();
    await expect(row.getByTestId('queue-row-flag').textContent()).resolves.toBe('连续两次随访控制不满意');
    await expect(row.getByTestId('queue-row-name').textContent()).resolves.toBe('王*国');
    await screenshot(specialist, 'comanage-01-specialist-queue');
    await row.click();
    await specialist.getByTestId('review-follow-up').first().waitFor();
    await expect(specialist.getByTestId('review-follow-up').first().textContent()).resolves.toContain('162/98 mmHg · 控制不满意');
    await screenshot(specialist, 'comanage-02-specialist-review');
    await specialist.getByTestId('review-record-visit').click();
    await specialist.getByTestId('page-specialist-visit').waitFor();
    await specialist.getByTestId('visit-submit').click();
    await expect(specialist.getByTestId('visit-error').textContent()).resolves.toContain('还有');
    await input(specialist, 'visit-name').fill('周主任');
    await input(specialist, 'visit-department').fill('心内科');
    await specialist.getByTestId('visit-setting-online').click();
    await input(specialist, 'visit-findings').fill('近两次随访血压 158/98、162/98，服药规律，无水肿');
    await specialist.getByTestId('visit-plan-add').click();
    await specialist.getByTestId('visit-plan-0-kind-medication').click();
    await input(specialist, 'visit-plan-0-text').fill('氨氯地平加量至 10mg 每日一次');
    await input(specialist, 'visit-advice-team').fill('两周后复测血压，关注下肢水肿');
    await input(specialist, 'visit-advice-resident').fill('降压药加了一点量，每天早上按时吃；少吃咸的，早晚各量一次血压。');
    await specialist.getByTestId('visit-next-review-quick').locator('[data-selected="false"]').nth(1).click();
    await screenshot(specialist, 'comanage-03-specialist-visit-form');
    await specialist.getByTestId('visit-submit').click();
    await specialist.getByTestId('visit-saved').waitFor();
    await screenshot(specialist, 'comanage-04-specialist-visit-saved');
    expect(await stack.service.deps.models.SpecialistVisit.findOne({ residentId: resident.residentId }).lean()).toMatchObject({ setting: 'online', planChanges: [{ kind: 'medication', text: '氨氯地平加量至 10mg 每日一次' }] });

    // The team: the notice, the record on the resident page, the specialist's review as a due item.
    const doctor = await openAs(hints.doctor);
    await doctor.goto(`${stack.url}/#/subpackages/doctor/panel/index`);
    await expect(doctor.getByTestId('doctor-notice').first().textContent()).resolves.toContain('专科医生周主任填写了接诊服务记录单');
    await doctor.goto(`${stack.url}/#/subpackages/doctor/resident/index?id=${resident.residentId}`);
    const visit = doctor.getByTestId('resident-specialist-visit');
    await visit.waitFor();
    await expect(visit.getByTestId('resident-plan-change').textContent()).resolves.toBe('用药调整：氨氯地平加量至 10mg 每日一次');
    await expect(visit.getByTestId('resident-advice-to-team').textContent()).resolves.toContain('两周后复测血压');
    await expect(doctor.getByTestId('resident-due-item').allTextContents()).resolves.toEqual(expect.arrayContaining([expect.stringContaining('专科医生复诊')]));
    await doctor.getByTestId('resident-comanage').scrollIntoViewIfNeeded();
    await screenshot(doctor, 'comanage-05-doctor-resident');

    // The resident, in 长辈模式: the advice in plain words from 首页.
    const phone = await openAs(hints.resident);
    await phone.goto(`${stack.url}/#/pages/me/index`);
    await phone.getByTestId('elderly-toggle').click();
    await phone.goto(`${stack.url}/#/pages/home/index`);
    await phone.getByTestId('home-care-advice').click();
    await expect(phone.getByTestId('advice-text').first().textContent()).resolves.toBe('降压药加了一点量，每天早上按时吃；少吃咸的，早晚各量一次血压。');
    await expect(phone.getByTestId('advice-plan-change').first().textContent()).resolves.toBe('用药调整：氨氯地平加量至 10mg 每日一次');
    await expect(phone.getByTestId('page-care-advice').getAttribute('data-elderly')).resolves.toBe('on');
    expect(await elderlyViolations(phone, 'page-care-advice')).toBe('');
    await screenshot(phone, 'comanage-06-resident-advice-elderly');

    // Referral up with the green channel.
    await doctor.getByTestId('resident-comanage-open').click();
    await doctor.getByTestId('page-doctor-comanage').waitFor();
    await doctor.getByTestId('referral-to-hosp-county').click();
    await input(doctor, 'referral-department').fill('心内科');
    await input(doctor, 'referral-reason').fill('连续两次随访血压控制不满意，专科调整后请进一步评估');
    await doctor.getByTestId('referral-urgency-urgent').click();
    await doctor.getByTestId('referral-green').click();
    await screenshot(doctor, 'comanage-07-doctor-referral-form');
    await doctor.getByTestId('referral-submit').click();
    await expect(doctor.getByTestId('comanage-done').textContent()).resolves.toContain('已转往 县人民医院，等待上级医院接收');
    await doctor.locator('[data-testid="comanage-referral-item"][data-state="requested"]').waitFor();

    // The hospital: 转诊接收 → 接收 → 下转 with the outcome and a 7-day plan.
    await specialist.goto(`${stack.url}/#/subpackages/specialist/referrals/index`);
    const card = specialist.locator('[data-testid="referral"][data-state="requested"]');
    await card.waitFor();
    await expect(specialist.getByTestId('referral-card').first().textContent()).resolves.toContain('绿色通道');
    await screenshot(specialist, 'comanage-08-specialist-inbox');
    await card.getByTestId('referral-accept').click();
    await specialist.locator('[data-testid="referral"][data-state="accepted"]').waitFor();
    await specialist.getByTestId('referral-return').click();
    await input(specialist, 'referral-outcome').fill('排除继发性高血压，调整为两联用药');
    await input(specialist, 'referral-plan').fill('氨氯地平 10mg + 缬沙坦 80mg，每日一次');
    await specialist.getByTestId('referral-days-7').click();
    await input(specialist, 'referral-advice').fill('回社区后一周内找家庭医生量血压。');
    await screenshot(specialist, 'comanage-09-specialist-return');
    await specialist.getByTestId('referral-return-confirm').click();
    await specialist.locator('[data-testid="referral"][data-state="returned"]').waitFor();
    const stored = await stack.service.deps.models.Referral.findOne({ residentId: resident.residentId }).lean();
    expect(stored?.history.map((h) => h.state)).toEqual(['requested', 'accepted', 'returned']);
    expect(await stack.service.deps.models.AuditEntry.countDocuments({ action: 'referral.respond', subjectResidentId: resident.residentId })).toBe(2);

    // Back down: the team's resident page shows the plan and the follow-up it is due.
    await doctor.goto(`${stack.url}/#/subpackages/doctor/resident/index?id=${resident.residentId}`);
    await expect(doctor.locator('[data-testid="resident-referral"][data-state="returned"]').getByTestId('resident-referral-plan').textContent()).resolves.toBe('下转方案：氨氯地平 10mg + 缬沙坦 80mg，每日一次（7 天内随访）');
    await expect(doctor.getByTestId('resident-due-item').allTextContents()).resolves.toEqual(expect.arrayContaining([expect.stringContaining('转回后随访')]));
    await screenshot(doctor, 'comanage-10-doctor-after-return');
    await phone.reload();
    await expect(phone.getByTestId('advice-referral-state').first().textContent()).resolves.toContain('已转回家庭医生团队');
    expect(await elderlyViolations(phone, 'page-care-advice')).toBe('');
    await screenshot(phone, 'comanage-11-resident-referral-elderly');
  }, 180_000);

  test('a quiz earns the education points within the monthly cap; a survey answer shows on the scorecard', async () => {
    const phone = await openAs(hints.resident);
    await phone.goto(`${stack.url}/#/pages/me/index`);
    await phone.getByTestId('elderly-toggle').click();
    await phone.goto(`${stack.url}/#/pages/home/index`);
    await phone.getByTestId('home-care-learn').click();
    await expect(phone.getByTestId('learn-month-text').textContent()).resolves.toBe('本月已完成 0 次健康学习，每月前 4 次各得 20 积分');
    await phone.locator(`[data-testid="learn-item"][data-item-id="${itemId}"]`).getByTestId('learn-item-row').click();
    await phone.getByTestId('article-paragraph').first().waitFor();
    await phone.getByTestId('quiz-0-1').click();
    await phone.getByTestId('quiz-1-0').click();
    await phone.getByTestId('quiz-2-0').click();
    await phone.getByTestId('quiz-submit').click();
    await expect(phone.getByTestId('quiz-result').textContent()).resolves.toContain('答对 2 题，共 3 题');
    await expect(phone.getByTestId('quiz-0-verdict').textContent()).resolves.toContain('答错了');
    expect(await elderlyViolations(phone, 'page-care-article')).toBe('');
    await screenshot(phone, 'comanage-12-resident-quiz-wrong-elderly');
    await phone.getByTestId('quiz-0-0').click();
    await phone.getByTestId('quiz-submit').click();
    await expect(phone.getByTestId('quiz-result').textContent()).resolves.toContain('全部答对！完成一次健康学习，20 积分几分钟内到账。');
    await screenshot(phone, 'comanage-13-resident-quiz-passed');
    await pointsEventConsumer(stack.service.deps);
    await phone.goto(`${stack.url}/#/pages/passbook/index`);
    const line = phone.getByTestId('passbook-line').filter({ hasText: '参加健康教育活动' });
    await line.waitFor();
    await expect(line.getByTestId('passbook-line-points').textContent()).resolves.toContain('+20');
    await screenshot(phone, 'comanage-14-resident-passbook');

    // Four more sessions this month: only three more are rewarded (4 × 20 a month).
    for (let i = 0; i < 4; i += 1) {
      const id = (await createEducationItemFixture(stack, { title: `健康知识 ${i}` })).itemId;
      expect((await api(residentAccount.token).post(`/api/residents/${resident.residentId}/education/${id}/quiz`, { answers: [0, 0, 0] })).body.data.passed).toBe(true);
    }
    await pointsEventConsumer(stack.service.deps);
    const sessions = await stack.service.deps.models.DomainEvent.find({ residentId: resident.residentId, type: 'healthEducationCompleted' }).lean();
    expect(sessions.map((e) => (e.pointsResult as Array<{ points: number }>)[0]!.points).sort()).toEqual([0, 20, 20, 20, 20]);

    // The survey after the recent services: three questions in words, once.
    await phone.goto(`${stack.url}/#/pages/home/index`);
    await phone.getByTestId('home-care-survey').click();
    const survey = phone.getByTestId('survey-card').first();
    await survey.waitFor();
    const count = await phone.getByTestId('survey-card').count();
    for (const question of ['overall', 'attitude', 'explanation']) await survey.getByTestId(`survey-${question}-5`).click();
    expect(await elderlyViolations(phone, 'page-care-survey')).toBe('');
    await screenshot(phone, 'comanage-15-resident-survey-elderly');
    await survey.getByTestId('survey-submit').click();
    await expect(phone.getByTestId('survey-thanks').textContent()).resolves.toContain('谢谢您的评价！');
    await phone.waitForFunction((n) => document.querySelectorAll('[data-testid="survey-card"]').length === n - 1, count);

    // The admin's 履约考核: the team's satisfaction from that answer, with its formula.
    const admin = await openAs(hints.admin);
    await admin.goto(`${stack.url}/#/pages/me/index`);
    await admin.getByTestId('me-admin-scorecard').click();
    const score = admin.getByTestId('scorecard-figure-satisfactionScore');
    await score.waitFor();
    await expect(admin.getByTestId('scorecard-detail').getByText('东城家庭医生一队').count()).resolves.toBeGreaterThan(0);
    await expect(admin.getByTestId('scorecard-figure-satisfactionScore-value').textContent()).resolves.toBe('5.00 分');
    await expect(score.textContent()).resolves.toContain('各问卷总体评价分之和 ÷ 回答的问卷数');
    await expect(admin.getByTestId('scorecard-figure-referralsUp-value').textContent()).resolves.toBe('1');
    await admin.getByTestId('scorecard-figure-satisfactionScore').scrollIntoViewIfNeeded();
    await screenshot(admin, 'comanage-16-admin-scorecard');
  }, 180_000);
});
