import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { openidFor } from '../../server/dev/simulators/wechatApi';
import { launchChromium, screenshot } from '../helpers/browser';
import { createAccount, createProxyLink, createResident, type ResidentFixture } from '../helpers/factories';
import { requireH5Build } from '../helpers/h5';
import { startTestStack, type TestStack } from '../helpers/stack';
import { auditPage, elderlyRules, formatViolations } from './support/elderAudit';
import { phones } from './support/phones';

/**
 * Issue 14's care loop in Chromium, one browser context per person, the resident and her daughter
 * in 长辈模式: an urgent BP on the entry screen → the red card says how severe it is and what to do,
 * 120 and 联系家庭医生 stay on screen after 我知道了 → 首页 banner → the daughter is told (WeChat
 * message through the simulator, her 首页) → the doctor acknowledges and closes in the workspace →
 * the resident and the daughter see the acknowledgement, then the closing note.
 */
describe('the urgent loop: resident, relative, doctor (H5 in Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;
  const { openAs, closeAll } = phones(() => browser, () => stack.url);
  let resident: ResidentFixture;
  const run = Date.now().toString(36);
  const hints = { resident: `e2e-care-res-${run}`, daughter: `e2e-care-dau-${run}`, doctor: `e2e-care-dr-${run}` };
  const openidOf = (hint: string) => openidFor(stack.config.wechat.appId, hint);
  const sim = (path: string, body?: object) =>
    fetch(`${stack.simulators.wechatApiBaseUrl}${path}`, body ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : undefined).then((r) => r.json());

  beforeAll(async () => {
    stack = await startTestStack({ publicDir: requireH5Build(), env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    browser = await launchChromium();
    const admin = await createAccount(stack, { roles: ['admin'] });
    const doctor = await createAccount(stack, { openid: openidOf(hints.doctor), roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } });
    const post = (path: string, body: object) => request(stack.url).post(path).set('Authorization', `Bearer ${admin.token}`).send(body);
    expect((await post('/api/admin/institutions', { institutionId: 'inst-east', name: '东城社区卫生服务中心' })).status).toBe(201);
    const team = { teamId: 'team-east-1', institutionId: 'inst-east', name: '东城家庭医生一队', phone: '010-65000001', members: [{ accountId: doctor.accountId, name: '李医生', role: 'gp', lead: true }] };
    expect((await post('/api/admin/teams', team)).status).toBe(201);
    resident = await createResident(stack, { name: '王秀英', institutionId: 'inst-east', teamId: 'team-east-1' });
    await createAccount(stack, { openid: openidOf(hints.resident), residentId: resident.residentId });
    const daughter = await createAccount(stack, { openid: openidOf(hints.daughter) });
    await createProxyLink(stack, { residentId: resident.residentId, proxyAccountId: daughter.accountId, scopes: ['view', 'logReadings'], relationship: '女儿' });
    // She allowed WeChat to tell her (the one-time subscription her 首页 asks for).
    await sim('/__sim/subscriptions', { openid: openidOf(hints.daughter), templateId: 'TPL_URGENT_READING', count: 1 });
  });
  afterAll(async () => {
    await closeAll();
    await browser?.close();
    await stack?.stop();
  });

  async function typeOnPad(page: Page, text: string) {
    for (const ch of text) await page.getByTestId(`number-pad-${ch}`).click();
  }
  /** The 适老化 audit's 长辈模式 rules on what the phone shows now. */
  async function expectElderlyRules(page: Page, label: string) {
    expect(formatViolations(label, await auditPage(page, elderlyRules))).toBe('');
  }
  // The tap reaches the platform's makePhoneCall after the page's handler awaits it: wait for the
  // number rather than read once (a single read raced and saw the number dialled before).
  const expectDialled = async (page: Page, number: string) => {
    await page.waitForFunction((n) => document.documentElement.dataset.lastDialed === n, number, { timeout: 5_000 }).catch(() => undefined);
    expect(await page.evaluate(() => document.documentElement.dataset.lastDialed ?? null)).toBe(number);
  };

  test('urgent reading → relative told → team acknowledges and closes → both see it', async () => {
    // ── The resident enters 186/116 and 182/112 (mean 184/114) ─────────────────────────────
    const phone = await openAs(hints.resident, { elderly: true });
    await phone.goto(`${stack.url}/#/pages/records/entry/index?measure=bp`);
    await phone.getByTestId('page-entry-bp').waitFor();
    for (const value of ['186', '116', '80']) await typeOnPad(phone, value);
    await phone.getByTestId('entry-next').click();
    for (const value of ['182', '112', '78']) await typeOnPad(phone, value);
    await phone.getByTestId('entry-save').click();

    const card = phone.getByTestId('urgent-advice');
    await card.waitFor();
    await expect(phone.getByTestId('urgent-advice-headline').textContent()).resolves.toContain('血压很高（3级），需要立即处理');
    await expect(phone.getByTestId('urgent-advice-value').textContent()).resolves.toContain('184/114');
    const steps = (await phone.getByTestId('urgent-advice-plan-steps').textContent()) ?? '';
    expect(steps).toContain('休息5分钟');
    expect(steps).toContain('立即拨打120');
    expect(steps).toContain('胸痛');
    await phone.getByTestId('urgent-advice-plan-call-team-text').filter({ hasText: '010-65000001' }).waitFor();
    await expect(phone.getByTestId('urgent-advice-team').textContent()).resolves.toContain('已通知您的家庭医生团队');
    expect(await card.textContent()).not.toContain('请确认读数');
    await expectElderlyRules(phone, 'urgent card');
    await screenshot(phone, 'care-01-urgent-card');
    await phone.getByTestId('urgent-advice-plan-call-team-button').click();
    await expectDialled(phone, '010-65000001');

    // 我知道了: the plan, 120 and 联系家庭医生 stay; nothing asks to confirm the reading.
    await phone.getByTestId('urgent-advice-close').click();
    await phone.getByTestId('entry-result-urgent').waitFor();
    await expect(phone.getByTestId('entry-result-grade').textContent()).resolves.toContain('3级高血压');
    // What saving earned, said at once by the shared points rules.
    await expect(phone.getByTestId('entry-result-points').textContent()).resolves.toBe('+2 积分');
    expect(await phone.getByTestId('page-entry-bp').textContent()).not.toContain('请确认读数');
    await phone.getByTestId('entry-urgent-plan-call-120').click();
    await expectDialled(phone, '120');
    await expectElderlyRules(phone, 'entry result');
    await screenshot(phone, 'care-02-result-after-close');

    // 首页: the banner stays until the team acknowledges.
    await phone.goto(`${stack.url}/#/pages/home/index`);
    const banner = phone.locator('[data-testid="home-urgent-banner"][data-state="urgent"]');
    await banner.waitFor();
    await expect(banner.getByTestId('home-urgent-title').textContent()).resolves.toContain('血压很高（3级），需要立即处理');
    await expect(banner.getByTestId('home-urgent-status').textContent()).resolves.toContain('正在等医生确认');
    await expectElderlyRules(phone, 'home banner');
    await screenshot(phone, 'care-03-home-banner');

    // ── The daughter is told: one WeChat message with the value and the advice, and her 首页 ──
    await stack.service.jobs.runDueJobs();
    const messages = ((await sim('/__sim/messages')) as { messages: Array<{ touser: string; errcode: number; data: Record<string, { value: string }> }> }).messages.filter((m) => m.touser === openidOf(hints.daughter));
    expect(messages.filter((m) => m.errcode === 0)).toHaveLength(1);
    expect(messages[0]?.data).toMatchObject({ thing1: { value: '王秀英' }, thing2: { value: '血压184/114 mmHg' }, thing5: { value: '休息5分钟后复测；有胸痛等症状拨120' } });
    const daughter = await openAs(hints.daughter, { elderly: true });
    const herBanner = daughter.locator('[data-testid="home-urgent-banner"][data-state="urgent"]');
    await herBanner.waitFor();
    await expect(herBanner.getByTestId('home-urgent-title').textContent()).resolves.toContain('王秀英的血压很高（3级），需要立即处理');
    await daughter.getByTestId('home-family-notice').first().waitFor();
    await expect(daughter.getByTestId('home-family-notice').first().textContent()).resolves.toContain('184/114 mmHg');
    await expectElderlyRules(daughter, 'daughter home');
    await screenshot(daughter, 'care-04-daughter-home');

    // ── The doctor acknowledges, then closes with a note, in the workspace ──────────────────
    const doctor = await openAs(hints.doctor);
    await doctor.goto(`${stack.url}/#/subpackages/doctor/resident/index?id=${resident.residentId}`);
    const alert = doctor.getByTestId('resident-alert').first();
    await alert.getByTestId('resident-alert-ack').click();
    await doctor.locator('[data-testid="resident-alert"][data-state="acknowledged"]').waitFor();

    await phone.reload();
    const acknowledged = phone.locator('[data-testid="home-urgent-banner"][data-state="waiting"]');
    await acknowledged.waitFor();
    await expect(acknowledged.getByTestId('home-urgent-title').textContent()).resolves.toContain('李医生已收到您的紧急读数');
    await expectElderlyRules(phone, 'home banner');
    await screenshot(phone, 'care-05-home-acknowledged');

    await alert.getByTestId('resident-alert-close').click();
    await alert.getByTestId('resident-alert-note').locator('input, textarea').first().fill('已电话联系，复测 150/92，已调整用药，明天门诊复诊');
    await alert.getByTestId('resident-alert-close-confirm').click();
    await doctor.getByTestId('resident-notice').filter({ hasText: '预警已关闭' }).waitFor();
    await stack.service.jobs.runDueJobs();

    // ── Both see the closing note ───────────────────────────────────────────────────────────
    await phone.reload();
    const closed = phone.locator('[data-testid="home-urgent-banner"][data-state="done"]');
    await closed.waitFor();
    await expect(closed.getByTestId('home-urgent-note').textContent()).resolves.toContain('已调整用药');
    await screenshot(phone, 'care-06-home-closed');

    await daughter.reload();
    await daughter.locator('[data-testid="home-urgent-banner"][data-state="done"]').waitFor();
    await daughter.goto(`${stack.url}/#/pages/account/notices/index`);
    await daughter.getByTestId('notice-item').nth(2).waitFor();
    const notices = await daughter.getByTestId('notice-item').allTextContents();
    expect(notices[0]).toContain('王秀英的紧急读数已处理完毕');
    expect(notices[0]).toContain('已调整用药');
    expect(notices[1]).toContain('李医生');
    expect(notices[2]).toContain('血压很高（3级）');
    await expectElderlyRules(daughter, 'daughter notices');
    await screenshot(daughter, 'care-07-daughter-notices');
  }, 120_000);
});
