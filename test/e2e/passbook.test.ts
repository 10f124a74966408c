import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { pointsEventConsumer } from '../../server/passbook/eventConsumer';
import { launchChromium, phoneContext, screenshot } from '../helpers/browser';
import { createAccount, createResident, givePoints, newClientReadingId } from '../helpers/factories';
import { requireH5Build } from '../helpers/h5';
import { startTestStack, type TestStack } from '../helpers/stack';
import { openidFor } from '../../server/dev/simulators/wechatApi';

/**
 * Issue 6 in Chromium: a resident logs a reading (API) → the consumer runs → the 存折 tab shows +2
 * with the plain reason and the running balance; filters; how to earn more.
 */
describe('存折 tab: balance, statement, filters, how to earn more (H5 in Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let residentId: string;
  let token: string;
  const hint = `e2e-pb-${Date.now().toString(36)}`;
  const openidOf = (h: string) => openidFor(stack.config.wechat.appId, h);

  beforeAll(async () => {
    stack = await startTestStack({ publicDir: requireH5Build(), env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    residentId = (await createResident(stack, { name: '王建国' })).residentId;
    token = (await createAccount(stack, { openid: openidOf(hint), residentId })).token;
    // Some history first: an admin's correction (补发漏记积分) of 10 points.
    await givePoints(stack, residentId, 10);
    browser = await launchChromium();
    page = await (await phoneContext(browser)).newPage();
    await page.goto(`${stack.url}/?as=${hint}#/pages/login/index`);
    await page.getByTestId('login-button').click();
    await page.getByTestId('home-greeting').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('a reading logged → consumer → +2 with its reason and the running balance', async () => {
    const logged = await request(stack.url)
      .post(`/api/residents/${residentId}/readings`)
      .set('Authorization', `Bearer ${token}`)
      .send({ measure: 'glucose', clientReadingId: newClientReadingId(), measuredAt: new Date().toISOString(), timing: 'fasting', glucoseMmolL: 6.1 });
    expect(logged.status).toBeLessThan(300);
    expect(await pointsEventConsumer(stack.service.deps)).toMatchObject({ consumed: 1, pointsIssued: 2 });

    await page.goto(`${stack.url}/#/pages/passbook/index`);
    await page.getByTestId('passbook-balance').waitFor();
    await expect(page.getByTestId('passbook-balance').textContent()).resolves.toContain('12');
    await expect(page.getByTestId('passbook-available').textContent()).resolves.toContain('12');
    await expect(page.getByTestId('passbook-held').textContent()).resolves.toContain('0');
    // The other engineer's 出示抵扣码 button stays at the top.
    await expect(page.getByTestId('passbook-show-code').isVisible()).resolves.toBe(true);

    const first = page.getByTestId('passbook-line').first();
    await first.waitFor();
    await expect(first.getByTestId('passbook-line-reason').textContent()).resolves.toBe('记录家庭自测数据');
    await expect(first.getByTestId('passbook-line-points').textContent()).resolves.toContain('+2');
    await expect(first.getByTestId('passbook-line-balance').textContent()).resolves.toBe('余额 12');
    const second = page.getByTestId('passbook-line').nth(1);
    await expect(second.getByTestId('passbook-line-reason').textContent()).resolves.toBe('补发漏记积分');
    await expect(second.getByTestId('passbook-line-balance').textContent()).resolves.toBe('余额 10');
    await page.getByTestId('passbook-way').first().waitFor();
    await screenshot(page, 'passbook-01-tab');
  });

  test('type filter: 调整 shows only the correction; 过期 shows the empty state', async () => {
    await page.getByTestId('passbook-kind-adjust').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="passbook-line"]').length === 1);
    await expect(page.getByTestId('passbook-line-reason').first().textContent()).resolves.toBe('补发漏记积分');
    await page.getByTestId('passbook-kind-expire').click();
    await page.getByTestId('passbook-empty').waitFor();
    await screenshot(page, 'passbook-02-filter-empty');
    await page.getByTestId('passbook-kind-all').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="passbook-line"]').length === 2);
  });

  test('how to earn more explains the current policy in plain words', async () => {
    const ways = await page.getByTestId('passbook-way').allTextContents();
    expect(ways.some((w) => w.includes('记录家庭自测数据') && w.includes('+2'))).toBe(true);
    expect(ways.some((w) => w.includes('签约家庭医生') && w.includes('+200'))).toBe(true);
    await expect(page.getByTestId('passbook-earn-more').textContent()).resolves.toContain('10 积分 = 1 元');
  });
});
