import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { addCalendarDays, addCalendarMonths, shanghaiDate } from '../../shared/time/shanghai';
import { pointsEventConsumer } from '../../server/passbook/eventConsumer';
import { refreshReportAggregates } from '../../server/reports/aggregates';
import { openidFor } from '../../server/dev/simulators/wechatApi';
import { launchChromium, screenshot } from '../helpers/browser';
import { createAccount, createResident, newClientReadingId, recordClinicFact, type AccountFixture, type ResidentFixture } from '../helpers/factories';
import { requireH5Build } from '../helpers/h5';
import { startTestStack, type TestStack } from '../helpers/stack';
import { phones } from './support/phones';

/**
 * Issue 8 in Chromium, with a context per phone: the resident logs an urgent BP (API, as test
 * setup — the entry screen is covered by records.test.ts) → the doctor opens 家庭医生工作台 from 我的,
 * finds the resident on top with the alert → 确认收到 → 拨打电话 (number revealed, audited) → 关闭 with a
 * note → 记录随访 on the form (a server refusal shown next to its field first) → the resident sees the
 * follow-up in the history and its points in 存折. Then the admin's report (figures, CSV) and the
 * points-policy page (versions, preview, a version scheduled for a future day).
 */
describe('doctor workspace and programme reports (H5 in Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;
  const { openAs, closeAll } = phones(() => browser, () => stack.url);
  let resident: ResidentFixture;
  let neighbour: ResidentFixture;
  let residentAccount: AccountFixture;
  let adminToken: string;
  const run = Date.now().toString(36);
  const hints = { resident: `e2e-doc-res-${run}`, doctor: `e2e-doc-dr-${run}`, admin: `e2e-doc-adm-${run}` };
  const openidOf = (hint: string) => openidFor(stack.config.wechat.appId, hint);
  const today = () => shanghaiDate(new Date());

  /** A resident of team-east-1 with hypertension and a contract that started 4 months ago (through the clinic's events, so reports count it). */
  async function contractedResident(name: string): Promise<ResidentFixture> {
    const fixture = await createResident(stack, { name, institutionId: 'inst-east', teamId: 'team-east-1' });
    await recordClinicFact(stack, { kind: 'diagnosis', residentId: fixture.residentId, institutionId: 'inst-east', condition: 'hypertension', diagnosedOn: '2018-04-01' });
    const startsOn = addCalendarMonths(today(), -4);
    await recordClinicFact(stack, { kind: 'contract', residentId: fixture.residentId, institutionId: 'inst-east', teamId: 'team-east-1', startsOn, endsOn: addCalendarMonths(startsOn, 12) });
    return fixture;
  }

  beforeAll(async () => {
    stack = await startTestStack({ publicDir: requireH5Build(), env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    browser = await launchChromium();
    adminToken = (await createAccount(stack, { openid: openidOf(hints.admin), roles: ['admin'] })).token;
    const admin = (path: string, body: object) => request(stack.url).post(path).set('Authorization', `Bearer ${adminToken}`).send(body);
    expect((await admin('/api/admin/institutions', { institutionId: 'inst-east', name: '东城社区卫生服务中心', targetPopulation: 8 })).status).toBe(201);
    expect((await admin('/api/admin/teams', { teamId: 'team-east-1', institutionId: 'inst-east', name: '东城家庭医生一队', targetPopulation: 5 })).status).toBe(201);

    neighbour = await contractedResident('李四海');
    await contractedResident('赵六安');
    resident = await contractedResident('王建国');
    residentAccount = await createAccount(stack, { openid: openidOf(hints.resident), residentId: resident.residentId });
    await createAccount(stack, { openid: openidOf(hints.doctor), roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } });
  });
  afterAll(async () => {
    await closeAll();
    await browser?.close();
    await stack?.stop();
  });

  const input = (page: Page, testId: string) => page.getByTestId(testId).locator('input');

  test('urgent reading → the doctor acknowledges, calls, closes, records a follow-up → the resident sees it and its points', async () => {
    // The resident's urgent BP (≥ 180/110) raises an alert for the team.
    const logged = await request(stack.url)
      .post(`/api/residents/${resident.residentId}/readings`)
      .set('Authorization', `Bearer ${residentAccount.token}`)
      .send({ measure: 'bp', clientReadingId: newClientReadingId(), measuredAt: new Date().toISOString(), readings: [{ systolicMmHg: 186, diastolicMmHg: 112 }, { systolicMmHg: 184, diastolicMmHg: 110 }], timeOfDay: 'morning' });
    expect(logged.status).toBe(201);
    expect(logged.body.data.alert).toMatchObject({ state: 'open' });
    const alertId: string = logged.body.data.alert.alertId;

    // 我的 → 家庭医生工作台: the resident with the open alert is on top.
    const doctor = await openAs(hints.doctor);
    await doctor.goto(`${stack.url}/#/pages/me/index`);
    await doctor.getByTestId('me-doctor').scrollIntoViewIfNeeded();
    await screenshot(doctor, 'doctor-00-me');
    await doctor.getByTestId('me-doctor-workspace').click();
    const first = doctor.getByTestId('panel-row').first();
    await first.waitFor();
    await expect(doctor.getByTestId('panel-row').count()).resolves.toBe(3);
    await expect(first.getAttribute('data-resident-id')).resolves.toBe(resident.residentId);
    await expect(first.getAttribute('data-urgent')).resolves.toBe('true');
    await expect(first.getByTestId('panel-row-name').textContent()).resolves.toBe('王*国');
    await expect(first.getByTestId('panel-badge-alert').textContent()).resolves.toContain('预警 1 条未处理');
    await expect(first.getByTestId('panel-row-conditions').textContent()).resolves.toContain('高血压');
    await screenshot(doctor, 'doctor-01-panel');

    // Filters: 有预警 leaves only her; 全部 again.
    await doctor.getByTestId('panel-flag-openAlerts').click();
    await doctor.waitForFunction(() => document.querySelectorAll('[data-testid="panel-row"]').length === 1);
    await screenshot(doctor, 'doctor-02-panel-filter-alerts');
    await doctor.getByTestId('panel-flag-openAlerts').click();
    await doctor.waitForFunction(() => document.querySelectorAll('[data-testid="panel-row"]').length === 3);

    // The resident: the alert with 确认收到.
    await doctor.getByTestId('panel-row').first().click();
    const alert = doctor.locator(`[data-testid="resident-alert"][data-alert-id="${alertId}"]`);
    await alert.waitFor();
    await expect(alert.getAttribute('data-state')).resolves.toBe('open');
    await expect(alert.getByTestId('resident-alert-value').textContent()).resolves.toContain('185/111');
    await expect(doctor.getByTestId('resident-phone-masked').textContent()).resolves.not.toContain(resident.phone ?? '');
    await screenshot(doctor, 'doctor-03-resident-alert');
    await alert.getByTestId('resident-alert-ack').click();
    await doctor.locator(`[data-testid="resident-alert"][data-alert-id="${alertId}"][data-state="acknowledged"]`).waitFor();
    await expect(doctor.getByTestId('resident-notice').textContent()).resolves.toContain('已确认收到');

    // 拨打电话: the number is revealed (H5: a tel: link) and the reveal is audited.
    await alert.getByTestId('resident-alert-call').click();
    const link = alert.getByTestId('resident-alert-phone-link');
    await link.waitFor();
    await expect(link.textContent()).resolves.toBe(resident.phone);
    await expect(link.getAttribute('href')).resolves.toBe(`tel:${resident.phone}`);
    expect(await stack.service.deps.models.AuditEntry.countDocuments({ action: 'resident.phone.reveal', subjectResidentId: resident.residentId })).toBe(1);
    await screenshot(doctor, 'doctor-04-resident-phone');

    // 关闭 needs a note: refused without one, closed with one.
    await alert.getByTestId('resident-alert-close').click();
    await alert.getByTestId('resident-alert-close-confirm').click();
    await expect(alert.getByTestId('resident-alert-note-hint').textContent()).resolves.toContain('请写一句处理情况');
    await input(doctor, 'resident-alert-note').fill('已电话联系，居民无不适，复测 152/94，明日门诊复诊');
    await screenshot(doctor, 'doctor-05-resident-close-note');
    await alert.getByTestId('resident-alert-close-confirm').click();
    await doctor.getByTestId('resident-notice').filter({ hasText: '预警已关闭' }).waitFor();
    await expect(doctor.getByTestId('resident-alerts').count()).resolves.toBe(0);
    const closed = await stack.service.deps.models.Alert.findById(alertId).lean();
    expect(closed).toMatchObject({ state: 'closed', closeNote: '已电话联系，居民无不适，复测 152/94，明日门诊复诊' });

    // 记录随访 at the clinic: a BP the service refuses is shown under its field, then corrected.
    await doctor.getByTestId('resident-follow-up').click();
    await doctor.getByTestId('page-doctor-follow-up').waitFor();
    await doctor.getByTestId('fu-mode-clinic').click();
    await doctor.getByTestId('fu-symptom-头痛头晕').click();
    await input(doctor, 'fu-systolic').fill('320');
    await input(doctor, 'fu-diastolic').fill('94');
    await input(doctor, 'fu-weightNow').fill('72.5');
    await input(doctor, 'fu-weightTarget').fill('70');
    await doctor.getByTestId('fu-medicationAdherence-regular').click();
    await doctor.getByTestId('fu-med-add').click();
    await input(doctor, 'fu-med-0-name').fill('氨氯地平片');
    await input(doctor, 'fu-med-0-times').fill('1');
    await input(doctor, 'fu-med-0-dose').fill('5');
    await doctor.getByTestId('fu-submit').click();
    // Client check first: the classification is required.
    await expect(doctor.getByTestId('fu-classification-error').textContent()).resolves.toBe('请选择此次随访分类');
    await doctor.getByTestId('fu-classification-unsatisfied').click();
    await doctor.getByTestId('fu-next-visit-quick').locator('[data-selected="false"]').first().click();
    await input(doctor, 'fu-advice').fill('低盐饮食，每日早晚各测一次血压，两周后复诊');
    await input(doctor, 'fu-doctor').fill('李医生');
    await doctor.getByTestId('fu-submit').click();
    const refusal = doctor.getByTestId('fu-systolic-hint');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/收缩压/);
    await expect(doctor.getByTestId('fu-error-message').textContent()).resolves.toContain('记录中的数值超出合理范围');
    await refusal.scrollIntoViewIfNeeded();
    await screenshot(doctor, 'doctor-06-follow-up-refused');
    await input(doctor, 'fu-systolic').fill('152');
    await doctor.getByTestId('fu-submit').click();
    await doctor.getByTestId('fu-saved').waitFor();
    await expect(doctor.getByTestId('fu-saved').textContent()).resolves.toContain('已保存 王建国 的随访记录');
    const due = await doctor.getByTestId('fu-saved-due-item').allTextContents();
    expect(due.some((d) => d.includes('复查随访'))).toBe(true);
    await screenshot(doctor, 'doctor-07-follow-up-saved');
    const record = await stack.service.deps.models.FollowUpRecord.findOne({ residentId: resident.residentId }).lean();
    expect(record).toMatchObject({ mode: 'clinic', classification: 'unsatisfied', form: 'hypertension' });
    expect(record?.data).toMatchObject({ symptoms: ['头痛头晕'], signs: { systolicMmHg: 152, diastolicMmHg: 94, weightKg: { now: 72.5, target: 70 } }, medicationAdherence: 'regular', medications: [{ drugName: '氨氯地平片', timesPerDay: 1, doseMgPerTime: 5 }] });

    // Back on the resident: the follow-up is listed, the row has left the top of the panel.
    await doctor.getByTestId('fu-saved-back').click();
    await doctor.getByTestId('resident-follow-up-item').first().waitFor();
    await expect(doctor.getByTestId('resident-follow-up-item').first().textContent()).resolves.toContain('控制不满意');
    await screenshot(doctor, 'doctor-08-resident-after');

    // The points consumer (a job in the service; run on demand here, as passbook.test.ts does).
    await pointsEventConsumer(stack.service.deps);

    // The resident: the follow-up in the history, its points in 存折.
    const phone = await openAs(hints.resident);
    await phone.goto(`${stack.url}/#/subpackages/followup/history/index`);
    await expect(phone.getByTestId('history-classification').first().textContent()).resolves.toBe('控制不满意');
    await expect(phone.getByTestId('history-advice').first().textContent()).resolves.toContain('两周后复诊');
    await screenshot(phone, 'doctor-09-resident-history');
    await phone.goto(`${stack.url}/#/pages/passbook/index`);
    const line = phone.getByTestId('passbook-line').filter({ hasText: '参加面对面随访' });
    await line.waitFor();
    await expect(line.getByTestId('passbook-line-points').textContent()).resolves.toContain('+50');
    await screenshot(phone, 'doctor-10-resident-passbook');

    // 长辈模式 on the doctor's phone: the panel in large type.
    await doctor.goto(`${stack.url}/#/pages/me/index`);
    await doctor.getByTestId('elderly-toggle').click();
    await doctor.getByTestId('me-doctor-workspace').click();
    await doctor.getByTestId('panel-row').first().waitFor();
    await expect(doctor.getByTestId('page-doctor-panel').getAttribute('data-elderly')).resolves.toBe('on');
    await screenshot(doctor, 'doctor-11-panel-elderly');
  });

  test("the doctor's entries: a screening with Hcy, a renewal, a relative verified in person, the printed statement", async () => {
    const relative = await createAccount(stack, {});
    const doctor = await openAs(hints.doctor);
    await doctor.goto(`${stack.url}/#/subpackages/doctor/resident/index?id=${neighbour.residentId}`);
    await doctor.getByTestId('resident-summary').waitFor();

    // 录入筛查 / 检验: nothing filled is refused; BP and Hcy are recorded.
    await doctor.getByTestId('resident-screening').click();
    await doctor.getByTestId('page-doctor-screening').waitFor();
    await doctor.getByTestId('screening-submit').click();
    await expect(doctor.getByTestId('screening-error-message').textContent()).resolves.toContain('请至少填写一项检测结果');
    await input(doctor, 'screening-systolicMmHg').fill('148');
    await input(doctor, 'screening-diastolicMmHg').fill('92');
    await input(doctor, 'screening-hcyUmolL').fill('16.2');
    // Lipids and waist (the cardiovascular risk) and the diabetic eye examination on the same form.
    await input(doctor, 'screening-totalCholesterolMmolL').fill('5.6');
    await input(doctor, 'screening-hdlCholesterolMmolL').fill('1.1');
    await input(doctor, 'screening-waistCm').fill('92');
    await doctor.getByTestId('screening-exam-fundus-normal').click();
    await doctor.getByTestId('screening-hcyUmolL').scrollIntoViewIfNeeded();
    await screenshot(doctor, 'doctor-16-screening-form');
    await doctor.getByTestId('screening-submit').click();
    await doctor.getByTestId('screening-done').waitFor();
    await expect(doctor.getByTestId('screening-done').textContent()).resolves.toContain('同型半胱氨酸 16.2 μmol/L');
    await expect(doctor.getByTestId('screening-hcy').textContent()).resolves.toContain('H 型高血压');
    await expect(doctor.getByTestId('screening-done').textContent()).resolves.toContain('眼底检查 正常');
    await screenshot(doctor, 'doctor-17-screening-done');
    await doctor.getByTestId('screening-back').click();

    // 登记风险因素 → the 10-year risk on the resident's page (BP, lipids and waist are now on record).
    await doctor.getByTestId('resident-risk').waitFor();
    await doctor.getByTestId('resident-risk-factors').click();
    await doctor.getByTestId('page-doctor-risk-factors').waitFor();
    for (const choice of ['smokingStatus-never', 'familyHistoryOfAscvd-no', 'areaType-urban', 'region-north']) await doctor.getByTestId(`risk-factor-${choice}`).click();
    await screenshot(doctor, 'doctor-17b-risk-factors');
    await doctor.getByTestId('risk-factors-submit').click();
    await doctor.getByTestId('risk-factors-done').waitFor();
    await expect(doctor.getByTestId('risk-factors-done').textContent()).resolves.toMatch(/10年心血管病风险 \d+\.\d%（(低危|中危|高危)）/);
    await doctor.getByTestId('risk-factors-back').click();
    await doctor.getByTestId('resident-risk-ten-year').waitFor();
    await expect(doctor.getByTestId('resident-risk-ldl-goal').textContent()).resolves.toMatch(/低于 \d(\.\d)? mmol\/L/);
    await doctor.getByTestId('resident-risk').scrollIntoViewIfNeeded();
    await screenshot(doctor, 'doctor-17c-resident-risk');

    // 续约: the current contract runs on, so the renewal starts the day after it ends.
    await doctor.getByTestId('resident-contract-action').click();
    await doctor.getByTestId('page-doctor-contract').waitFor();
    await expect(doctor.getByTestId('contract-package-hypertension').getAttribute('data-selected')).resolves.toBe('true');
    const contract = await stack.service.deps.models.Contract.findOne({ residentId: neighbour.residentId }).lean();
    await expect(doctor.getByTestId('contract-starts').getAttribute('data-value')).resolves.toBe(addCalendarDays(contract?.endsOn ?? '', 1));
    await screenshot(doctor, 'doctor-18-contract-form');
    await doctor.getByTestId('contract-submit').click();
    await doctor.getByTestId('contract-done').waitFor();
    await expect(doctor.getByTestId('page-doctor-contract-done').textContent()).resolves.toContain('续约成功');
    await doctor.getByTestId('contract-back').click();

    // 当面核验代办人: the relative's 账号编号, relationship and document.
    await doctor.getByTestId('resident-proxy').click();
    await doctor.getByTestId('page-doctor-proxy').waitFor();
    await input(doctor, 'proxy-account').fill(relative.accountId);
    await input(doctor, 'proxy-relationship').fill('女儿');
    await doctor.getByTestId('proxy-scope-redeem').click();
    await doctor.getByTestId('proxy-submit').click();
    await doctor.getByTestId('proxy-done').waitFor();
    await expect(doctor.getByTestId('proxy-done').textContent()).resolves.toContain('女儿 现在可以代办');
    expect(await stack.service.deps.models.ProxyLink.findOne({ residentId: neighbour.residentId, proxyAccountId: relative.accountId, status: 'active' }).lean()).toMatchObject({ scopes: expect.arrayContaining(['view', 'redeem']) });
    await screenshot(doctor, 'doctor-19-proxy-done');
    await doctor.getByTestId('proxy-back').click();

    // The points of the screening (BP +20, lipids +20, Hcy +30) and the renewal (+100), on top of the signing (+200).
    await pointsEventConsumer(stack.service.deps);
    await doctor.reload();
    await expect(doctor.getByTestId('resident-points').textContent()).resolves.toContain('370');

    // 打印存折明细: H5 opens the PDF in a new tab.
    const [tab] = await Promise.all([doctor.context().waitForEvent('page'), doctor.getByTestId('resident-print').click()]);
    await tab.waitForURL(/^blob:/);
    const printed = doctor.getByTestId('resident-print-notice');
    await printed.filter({ hasText: '积分明细 PDF 已打开' }).waitFor();
    await printed.scrollIntoViewIfNeeded();
    await screenshot(doctor, 'doctor-20-resident-printed');
  });

  test('admin: the report shows the figures, the CSV downloads, a policy version is previewed and scheduled', async () => {
    await pointsEventConsumer(stack.service.deps);
    await refreshReportAggregates(stack.service.deps);

    const admin = await openAs(hints.admin);
    await admin.goto(`${stack.url}/#/pages/me/index`);
    await admin.getByTestId('me-admin-report').click();
    const signing = admin.getByTestId('report-rate-signingRate-value');
    await signing.waitFor();
    // 3 residents contracted of a target population of 8 (the institution's).
    await expect(signing.textContent()).resolves.toBe('37.5%');
    await expect(admin.getByTestId('report-rate-htnSpecRate').textContent()).resolves.toContain('/ 3 人');
    // Each number with its formula (issue 15): the year asks for ≥ 4 face-to-face follow-up days.
    await expect(admin.getByTestId('report-rate-htnSpecRate-formula').textContent()).resolves.toContain('全年≥4次');
    await expect(admin.getByTestId('report-points-issued-yuan').textContent()).resolves.toMatch(/^¥\d+\.\d{2}$/);
    await screenshot(admin, 'doctor-12-admin-report');

    await admin.getByTestId('report-scope-team').click();
    await expect(admin.getByTestId('report-rate-signingRate-value').textContent()).resolves.toBe('60.0%');
    await screenshot(admin, 'doctor-13-admin-report-team');

    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('report-csv').click()]);
    const csv = readFileSync((await download.path()) ?? '', 'utf8');
    expect(download.suggestedFilename()).toMatch(/^项目统计-\d{4}年\.csv$/);
    expect(csv).toContain('统计区间');
    expect(csv).toContain('签约率%');
    expect(csv).toContain('东城家庭医生一队');
    await admin.getByTestId('report-message').filter({ hasText: 'CSV' }).waitFor();

    // 积分规则: the current version, a preview with phone follow-ups at +15 (8 of them: 40 more), then scheduled.
    await admin.getByTestId('report-to-policy').click();
    await admin.getByTestId('policy-version').first().waitFor();
    await expect(admin.getByTestId('policy-version').first().textContent()).resolves.toContain('生效中');
    await input(admin, 'policy-earn-phoneFollowUp').fill('15');
    await admin.getByTestId('policy-preview').click();
    await admin.getByTestId('policy-preview-total').waitFor();
    await expect(admin.getByTestId('policy-preview-total').textContent()).resolves.toContain('多 40 积分');
    await admin.getByTestId('policy-preview-total').scrollIntoViewIfNeeded();
    await screenshot(admin, 'doctor-14-admin-policy-preview');
    await admin.getByTestId('policy-draft-submit').click();
    await admin.getByTestId('policy-confirm-ok').click();
    await admin.getByTestId('policy-published').waitFor();
    await expect(admin.getByTestId('policy-published').textContent()).resolves.toContain('完成电话随访：每次 10 积分 → 15 积分');
    await expect(admin.locator('[data-testid="policy-version"]').filter({ hasText: '待生效' }).count()).resolves.toBe(1);
    await screenshot(admin, 'doctor-15-admin-policy-published');
  });
});
