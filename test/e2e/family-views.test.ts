import type { Browser, Page } from 'playwright-core';
import { openidFor } from '../../server/dev/simulators/wechatApi';
import { launchChromium, screenshot } from '../helpers/browser';
import { createAccount, createBookingFixture, createResident, giveDueFollowUps, type ResidentFixture } from '../helpers/factories';
import { requireH5Build } from '../helpers/h5';
import { startTestStack, type TestStack } from '../helpers/stack';
import { auditPage, elderlyRules, formatViolations } from './support/elderAudit';
import { phones } from './support/phones';

/**
 * Issue 14's family views in Chromium, both phones in 长辈模式: the resident invites her daughter
 * (女儿) and sends it to a WeChat friend (H5: the link is copied) → the daughter opens the link
 * (the code is filled in) and accepts → in her mother's name she records a BP reading → her 存折
 * says 王秀英的积分, the history marks the reading 家属代录 → the resident's 家人代办记录 has one card
 * for today with one line for 女儿 in plain words, and 提醒 lists the booking's 明天有预约 reminder before it is sent.
 */
describe('family views: invite by share, 代办记录, 家属代录, 提醒 (H5 in Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;
  const { openAs, closeAll } = phones(() => browser, () => stack.url);
  let resident: ResidentFixture;
  const run = Date.now().toString(36);
  const hints = { resident: `e2e-fam-res-${run}`, daughter: `e2e-fam-dau-${run}` };
  const openidOf = (hint: string) => openidFor(stack.config.wechat.appId, hint);

  beforeAll(async () => {
    stack = await startTestStack({ publicDir: requireH5Build(), env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    browser = await launchChromium();
    resident = await createResident(stack, { name: '王秀英' });
    await createAccount(stack, { openid: openidOf(hints.resident), residentId: resident.residentId });
    await giveDueFollowUps(stack, { residentId: resident.residentId });
    // The day after tomorrow: its 明天有预约 reminder (tomorrow 09:00) is still to come whenever this runs.
    await createBookingFixture(stack, { residentId: resident.residentId, daysAhead: 2 });
  });
  afterAll(async () => {
    await closeAll();
    await browser?.close();
    await stack?.stop();
  });

  async function expectElderlyRules(page: Page, label: string) {
    expect(formatViolations(label, await auditPage(page, elderlyRules))).toBe('');
  }
  async function typeOnPad(page: Page, text: string) {
    for (const ch of text) await page.getByTestId(`number-pad-${ch}`).click();
  }

  test('share the invitation → the daughter accepts from the link → her entries are marked and summarised for the resident', async () => {
    // ── The resident invites her daughter and sends it to a WeChat friend ──────────────────
    const mother = await openAs(hints.resident, { elderly: true });
    await mother.goto(`${stack.url}/#/pages/proxy/invite/index`);
    await mother.getByTestId('page-invite').waitFor();
    await mother.getByTestId('scope-logReadings').click();
    await mother.getByTestId('invite-generate').click();
    // Who the relative is must be said, so the records can say 女儿.
    await expect(mother.getByTestId('invite-error-message').textContent()).resolves.toContain('女儿');
    await mother.getByTestId('relationship-女儿').click();
    await mother.getByTestId('invite-generate').click();
    // The QR and the shared link carry the code without its dash.
    const code = ((await mother.getByTestId('invitation-code').textContent()) ?? '').trim().replace('-', '');
    await mother.getByTestId('invite-share').click();
    await mother.getByTestId('invite-shared').waitFor();
    const sharedUrl = await mother.evaluate(() => document.documentElement.dataset.lastShared ?? '');
    expect(sharedUrl).toContain(`#/pages/proxy/accept/index?code=${code}`);
    await expectElderlyRules(mother, 'invite result');
    await screenshot(mother, 'family-01-invite-shared');

    // ── The daughter opens the link in her own WeChat: the code is already there ───────────
    const daughter = await openAs(hints.daughter, { elderly: true });
    await daughter.getByTestId('page-consent-privacyGuide').waitFor();
    await daughter.getByTestId('consent-accept').click();
    await daughter.getByTestId('page-consent-healthData').waitFor();
    await daughter.getByTestId('consent-accept').click();
    await daughter.locator('.taro_page_show [data-testid^="page-bind"]').first().waitFor();
    await daughter.goto(sharedUrl);
    await daughter.getByTestId('page-accept').waitFor();
    await expect(daughter.getByTestId('accept-code').locator('input').inputValue()).resolves.toBe(code);
    await daughter.getByTestId('accept-scan').waitFor();
    await expectElderlyRules(daughter, 'accept');
    await screenshot(daughter, 'family-02-accept-from-link');
    await daughter.getByTestId('accept-submit').click();
    await expect(daughter.getByTestId('accept-success').textContent()).resolves.toContain('王秀英');
    await daughter.getByTestId('accept-switch').click();
    await daughter.getByTestId('page-home').waitFor();

    // ── In her mother's name she records a blood pressure ──────────────────────────────────
    await daughter.goto(`${stack.url}/#/pages/records/entry/index?measure=bp`);
    await daughter.getByTestId('page-entry-bp').waitFor();
    // A 2-digit 舒张压 does not move on by itself: each value goes into the field tapped for it.
    // Rows count from 0 (field-r0.* is 第1遍).
    for (const [row, values] of [[0, ['132', '84', '72']], [1, ['128', '82', '70']]] as const) {
      for (const [i, key] of ['systolicMmHg', 'diastolicMmHg', 'heartRateBpm'].entries()) {
        await daughter.getByTestId(`field-r${row}.${key}`).click();
        await typeOnPad(daughter, values[i] ?? '');
      }
    }
    await daughter.getByTestId('entry-save').click();
    await daughter.getByTestId('entry-result').waitFor();

    // Her views say whose they are; the reading is marked 家属代录.
    await daughter.goto(`${stack.url}/#/pages/passbook/index`);
    await expect(daughter.getByTestId('passbook-owner').textContent()).resolves.toBe('王秀英的积分');
    await expectElderlyRules(daughter, 'passbook (relative)');
    await screenshot(daughter, 'family-03-relative-passbook');
    await daughter.goto(`${stack.url}/#/subpackages/health/history/index?measure=bp`);
    await daughter.getByTestId('history-row').first().waitFor();
    await expect(daughter.getByTestId('history-row').first().textContent()).resolves.toContain('家属代录');
    // On the chart too: her reading is a square, and the legend says what a square is.
    const chart = daughter.locator('[data-testid="trend-chart"][data-drawn="yes"]');
    await chart.waitFor();
    await expect(chart.getAttribute('data-family-count')).resolves.toBe('1');
    // The axis labels are drawn on the canvas, out of the DOM audit's sight: 18 px in 长辈模式.
    await expect(chart.getAttribute('data-label-px')).resolves.toBe('18');
    await expect(daughter.getByTestId('trend-chart-family').textContent()).resolves.toContain('■ 家属代录');
    await expectElderlyRules(daughter, 'history (relative)');
    await screenshot(daughter, 'family-04-history-marked');

    // ── The resident reads what her daughter did, in plain words, one line for today ───────
    await mother.goto(`${stack.url}/#/pages/proxy/activity/index`);
    const today = mother.getByTestId('activity-day').first();
    await today.waitFor();
    await expect(today.textContent()).resolves.toContain('今天');
    const line = today.getByTestId('activity-item').filter({ hasText: '女儿' });
    await expect(line.count()).resolves.toBe(1);
    const summary = (await line.getByTestId('activity-item-summary').textContent()) ?? '';
    expect(summary).toContain('记录了自测数据');
    expect(await mother.getByTestId('page-proxy-activity').textContent()).not.toMatch(/resident\.|家属代办人/);
    await expectElderlyRules(mother, 'proxy activity');
    await screenshot(mother, 'family-05-activity');

    // ── 提醒: the booked visit already has its reminder planned ──────────────────────────
    await mother.goto(`${stack.url}/#/subpackages/followup/reminders/index`);
    await mother.getByTestId('reminder-upcoming').first().waitFor();
    await expect(mother.getByTestId('reminder-upcoming').first().textContent()).resolves.toContain('明天有预约');
    expect(await mother.getByTestId('reminders-empty').count()).toBe(0);
    await expectElderlyRules(mother, 'reminders');
    await screenshot(mother, 'family-06-reminders-upcoming');
  }, 120_000);
});
