import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { ManualClock } from '../../server/clock';
import { openidFor } from '../../server/dev/simulators/wechatApi';
import { doseReminderScheduler } from '../../server/medication/doseReminders';
import { addCalendarDays, shanghaiDate, toInstant } from '../../shared/time/shanghai';
import { launchChromium, screenshot } from '../helpers/browser';
import { createAccount, createProxyLink, createResident, recordClinicFact } from '../helpers/factories';
import { requireH5Build } from '../helpers/h5';
import { startTestStack, type TestStack } from '../helpers/stack';
import { auditPage, elderlyRules, formatViolations } from './support/elderAudit';
import { phones } from './support/phones';

/**
 * Issue 16 in Chromium, every resident screen in 长辈模式 and checked against its rules:
 * 1. A simulated Bluetooth BP monitor's stored readings import in 4 taps from 首页 (记录 → 从血压计导入 →
 *    搜索设备 → the meter) and appear once; a second sync (one tap on the paired meter) imports
 *    nothing. A glucose meter then syncs only the records after its last sequence (RACP).
 * 2. The doctor prescribes a plan; at the dose's time the reminder job writes the in-app reminder and
 *    sends one WeChat message; the daughter (记录读数) opens the reminder and taps 已服用; the doctor's
 *    panel, filtered to 依从性差, shows the resident's adherence (1 day of 3 → 33%).
 */
describe('medication and meters (H5 in Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;
  const people = phones(() => browser, () => stack.url);
  const clock = new ManualClock(new Date());
  const run = Date.now().toString(36);
  const hints = { resident: `e2e-med-res-${run}`, daughter: `e2e-med-dau-${run}`, doctor: `e2e-med-dr-${run}` };
  const openidOf = (hint: string) => openidFor(stack.config.wechat.appId, hint);
  let residentId: string;

  // The whole screen in 长辈模式, held to the 适老化 audit's rules once the page named by testId shows.
  const expectElderlyOk = async (page: Page, testId: string) => {
    await page.getByTestId(testId).waitFor();
    expect(formatViolations(testId, await auditPage(page, elderlyRules))).toBe('');
  };

  beforeAll(async () => {
    // Never quiet, so the dose reminder is pushed whatever time of day the suite runs.
    stack = await startTestStack({ publicDir: requireH5Build(), clock, env: { RATE_LIMIT_PER_MINUTE: '100000', REMINDER_QUIET_HOURS: '00:00-00:00' } });
    browser = await launchChromium();
    const resident = await createResident(stack, { name: '王建国', institutionId: 'inst-east', teamId: 'team-east-1' });
    residentId = resident.residentId;
    await createAccount(stack, { openid: openidOf(hints.resident), residentId });
    const daughter = await createAccount(stack, { openid: openidOf(hints.daughter) });
    await createProxyLink(stack, { residentId, proxyAccountId: daughter.accountId, scopes: ['view', 'logReadings'], relationship: '女儿' });
    await createAccount(stack, { openid: openidOf(hints.doctor), roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } });
    await recordClinicFact(stack, { kind: 'diagnosis', residentId, institutionId: 'inst-east', condition: 'hypertension', diagnosedOn: '2019-05-12' });
    const today = shanghaiDate(clock.now());
    await recordClinicFact(stack, { kind: 'contract', residentId, institutionId: 'inst-east', teamId: 'team-east-1', startsOn: addCalendarDays(today, -100), endsOn: addCalendarDays(today, 265) });
  });
  afterAll(async () => {
    await people.closeAll();
    await browser?.close();
    await stack?.stop();
  });

  test('a meter’s stored readings import in 4 taps and appear once; a second sync imports nothing', async () => {
    clock.set(new Date());
    const page = await people.openAs(hints.resident, { elderly: true });
    const deviceReadings = () => stack.service.deps.models.Reading.countDocuments({ residentId, source: 'device' });

    await page.locator('.weui-tabbar__label', { hasText: '记录' }).click(); // tap 1
    await page.getByTestId('records-meters').click(); // tap 2
    await page.getByTestId('page-meter-sync').waitFor();
    await expectElderlyOk(page, 'page-meter-sync');
    await screenshot(page, 'meters-01-start');
    await page.getByTestId('meter-search').click(); // tap 3
    const bp = page.getByTestId('meter-found').filter({ hasText: '血压计' });
    await bp.waitFor();
    await screenshot(page, 'meters-02-found');
    await bp.click(); // tap 4
    const result = page.getByTestId('meter-result');
    await result.waitFor();
    await expect(result.textContent()).resolves.toContain('新导入 3 条读数');
    await expect(page.getByTestId('meter-reading').count()).resolves.toBe(3);
    expect(await deviceReadings()).toBe(3);
    await expectElderlyOk(page, 'page-meter-sync');
    await screenshot(page, 'meters-03-imported');

    // Again, one tap on the paired meter: the same records, nothing new stored.
    await page.getByTestId('meter-paired').filter({ hasText: '血压计' }).click();
    await page.getByTestId('meter-result').filter({ hasText: '没有新读数' }).waitFor();
    await expect(page.getByTestId('meter-result-text').textContent()).resolves.toContain('另有 3 条以前已导入');
    expect(await deviceReadings()).toBe(3);
    await screenshot(page, 'meters-04-second-sync');

    // The glucose meter: all three records, then — after a new measurement — only the new one.
    await page.getByTestId('meter-search').click();
    await page.getByTestId('meter-found').filter({ hasText: '血糖仪' }).click();
    await page.getByTestId('meter-result').filter({ hasText: '新导入 3 条读数' }).waitFor();
    await page.evaluate(() => {
      const key = 'pb.dev.simulatedMeters';
      const state = JSON.parse(JSON.parse(window.localStorage.getItem(key) ?? '{}').data) as { glucose: Array<{ sequenceNumber: number; at: string; mgPerDl: number }> };
      state.glucose.push({ sequenceNumber: 4, at: new Date(Math.floor((Date.now() - 600_000) / 60_000) * 60_000).toISOString(), mgPerDl: 108 });
      window.localStorage.setItem(key, JSON.stringify({ data: JSON.stringify(state) }));
    });
    await page.getByTestId('meter-paired').filter({ hasText: '血糖仪' }).click();
    await page.getByTestId('meter-result').filter({ hasText: '新导入 1 条读数' }).waitFor();
    await expect(page.getByTestId('meter-result-text').textContent()).resolves.not.toContain('以前已导入');
    const meter = await stack.service.deps.models.Meter.findOne({ residentId, profile: 'glucose' }).lean();
    expect(meter?.lastSequence).toBe(4);
    expect(await stack.service.deps.models.Reading.countDocuments({ residentId, source: 'device', measure: 'glucose' })).toBe(4);

    // They are in the records like typed ones (the tab shows the latest BP).
    await page.getByTestId('meter-see-records').click();
    await page.getByTestId('records-latest-bp').waitFor();
    await screenshot(page, 'meters-05-records');
  });

  test('a dose reminder → 已服用 by the daughter → adherence on the doctor’s panel (依从性差)', async () => {
    // The service's day is fixed at 10:00 Shanghai (only the service's clock matters from here on):
    // the doctor prescribed two days ago, and today's dose is at 10:03.
    const now = new Date(toInstant(shanghaiDate(new Date())).getTime() + 10 * 3_600_000);
    const doseAt = new Date(now.getTime() + 3 * 60_000);
    const time = '10:03';
    clock.set(new Date(now.getTime() - 2 * 86_400_000));
    const doctorToken = (await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } })).token;
    const created = await request(stack.url)
      .post(`/api/staff/residents/${residentId}/medication-plans`)
      .set('Authorization', `Bearer ${doctorToken}`)
      .send({ clientRequestId: `e2e-plan-${run}`, drugName: '氨氯地平叶酸片', doseText: '1片', forCondition: 'hypertension', timesOfDay: [time], startedOn: shanghaiDate(clock.now()), programmeSubsidised: true });
    expect(created.status).toBe(201);

    // Today: the reminder is scheduled, and at its time it is written and sent once.
    clock.set(now);
    await doseReminderScheduler(stack.service.deps);
    await fetch(`${stack.simulators.wechatApiBaseUrl}/__sim/subscriptions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ openid: openidOf(hints.resident), templateId: 'TPL_MEDICATION_REMINDER', count: 1 }) });
    clock.set(new Date(doseAt.getTime() + 60_000));
    await stack.service.jobs.runDueJobs();
    const sim = (await (await fetch(`${stack.simulators.wechatApiBaseUrl}/__sim/messages`)).json()) as { messages: Array<{ touser: string; template_id: string; errcode: number }> };
    expect(sim.messages.filter((m) => m.touser === openidOf(hints.resident) && m.template_id === 'TPL_MEDICATION_REMINDER' && m.errcode === 0)).toHaveLength(1);

    // The daughter: 首页 shows the dose still to take and the reminder; she opens the reminder, taps 已服用.
    const daughter = await people.openAs(hints.daughter, { elderly: true });
    const homeDose = daughter.getByTestId('home-dose').first();
    await homeDose.waitFor();
    await expect(homeDose.getByTestId('home-dose-state').textContent()).resolves.toBe('到点了，还没吃');
    await expectElderlyOk(daughter, 'home-medication');
    await screenshot(daughter, 'medication-01-home');
    await daughter.getByTestId('home-reminders-link').click();
    const reminder = daughter.getByTestId('reminder-item').filter({ hasText: '该吃药了' });
    await reminder.waitFor();
    await screenshot(daughter, 'medication-02-reminder');
    await reminder.click();
    await daughter.getByTestId('page-medication-today').waitFor();
    await expectElderlyOk(daughter, 'page-medication-today');
    // The list says which day it is (the page title already says 今天要吃的药); the WeChat reminder
    // reaches the mother's own WeChat, so the daughter is told that, not offered a switch that reaches no one.
    await expect(daughter.getByTestId('medication-today').locator('.pb-card__title').textContent()).resolves.toMatch(/^今天 \d+月\d+日 周./);
    await expect(daughter.getByTestId('medication-reminders-relative').textContent()).resolves.toContain('发给王建国本人');
    await expect(daughter.getByTestId('medication-reminders-enable').count()).resolves.toBe(0);
    await screenshot(daughter, 'medication-03-today');
    await daughter.getByTestId('dose-taken').first().click();
    await daughter.getByTestId('dose-state').filter({ hasText: '已服用（家人记录）' }).waitFor();
    await expect(daughter.getByTestId('adherence-percent').first().textContent()).resolves.toBe('33%');
    await expectElderlyOk(daughter, 'page-medication-today');
    await screenshot(daughter, 'medication-04-taken');
    await daughter.getByTestId('medication-plans-link').click();
    await daughter.getByTestId('medication-plan').first().waitFor();
    await expect(daughter.getByTestId('medication-plan').first().textContent()).resolves.toContain('项目优惠药');
    await expectElderlyOk(daughter, 'page-medication-plans');
    await screenshot(daughter, 'medication-05-plans');

    // The doctor: 依从性差 on the panel, then the resident's page and the plan form.
    const doctor = await people.openAs(hints.doctor, { elderly: true });
    await doctor.goto(`${stack.url}/#/subpackages/doctor/panel/index`);
    await doctor.getByTestId('panel-row').first().waitFor();
    await doctor.getByTestId('panel-flag-poorAdherence').click();
    await doctor.waitForFunction(() => document.querySelectorAll('[data-testid="panel-row"]').length === 1);
    const row = doctor.getByTestId('panel-row').first();
    await expect(row.getAttribute('data-resident-id')).resolves.toBe(residentId);
    await expect(row.getByTestId('panel-badge-adherence').textContent()).resolves.toBe('依从性差 33%');
    await screenshot(doctor, 'medication-06-panel');
    await row.click();
    await doctor.getByTestId('resident-adherence').first().waitFor();
    await expect(doctor.getByTestId('resident-adherence').first().textContent()).resolves.toContain('33%');
    await doctor.getByTestId('resident-plan-new').click();
    await doctor.getByTestId('page-doctor-medication').waitFor();
    await expectElderlyOk(doctor, 'page-doctor-medication');
    await screenshot(doctor, 'medication-07-plan-form');
  }, 120_000);
});
