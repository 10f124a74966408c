import type { Browser, Page } from 'playwright-core';
import { launchChromium, phoneContext, screenshot } from '../helpers/browser';
import { createAccount, createResident, type ResidentFixture } from '../helpers/factories';
import { requireH5Build } from '../helpers/h5';
import { startTestStack, type TestStack } from '../helpers/stack';
import { openidFor } from '../../server/dev/simulators/wechatApi';

/**
 * Journey 4 in Chromium: the resident invites a family member → the relative accepts in a second
 * browser context (another WeChat user) → switches to the resident's profile (banner on every
 * screen) → the resident revokes → the relative's next request is refused, the app says so and
 * drops the profile.
 */
describe('family proxy (H5 in Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;
  let resident: ResidentFixture;
  const run = Date.now().toString(36);
  const residentHint = `e2e-res-${run}`;
  const relativeHint = `e2e-rel-${run}`;

  /** The openid the simulator gives `?as=<hint>` (same derivation as server/dev/seed.ts). */
  const openidOf = (hint: string) => openidFor(stack.config.wechat.appId, hint);

  beforeAll(async () => {
    stack = await startTestStack({ publicDir: requireH5Build() });
    browser = await launchChromium();
    resident = await createResident(stack, { name: '王建国' });
    // Already bound with both consents: this test is about the family link, not onboarding.
    await createAccount(stack, { openid: openidOf(residentHint), residentId: resident.residentId });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function login(page: Page, hint: string): Promise<void> {
    await page.goto(`${stack.url}/?as=${hint}#/pages/login/index`);
    await page.getByTestId('login-button').click();
  }

  test('invite → accept in a second context → switch → revoke → access gone', async () => {
    // The resident generates an invitation.
    const residentPage = await (await phoneContext(browser)).newPage();
    await login(residentPage, residentHint);
    await residentPage.getByTestId('home-greeting').waitFor();
    await residentPage.goto(`${stack.url}/#/pages/me/index`);
    await residentPage.getByTestId('me-invite').click();
    await residentPage.getByTestId('page-invite').waitFor();
    await residentPage.getByTestId('scope-logReadings').click();
    await residentPage.getByTestId('relationship-女儿').click();
    await screenshot(residentPage, 'proxy-01-invite-scopes');
    await residentPage.getByTestId('invite-generate').click();
    const code = (await residentPage.getByTestId('invitation-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await residentPage.getByTestId('invitation-qr').locator('img').waitFor();
    await screenshot(residentPage, 'proxy-02-invitation-code');

    // The relative, another WeChat user, accepts in a second browser context.
    const relativePage = await (await phoneContext(browser)).newPage();
    await login(relativePage, relativeHint);
    await relativePage.getByTestId('page-consent-privacyGuide').waitFor();
    await relativePage.getByTestId('consent-accept').click();
    await relativePage.getByTestId('page-consent-healthData').waitFor();
    await relativePage.getByTestId('consent-accept').click();
    await relativePage.getByTestId('bind-as-relative').click();
    await relativePage.getByTestId('accept-code').locator('input').fill(code.toLowerCase());
    await relativePage.getByTestId('accept-submit').click();
    await expect(relativePage.getByTestId('accept-success').textContent()).resolves.toContain(resident.name);
    await screenshot(relativePage, 'proxy-03-accepted');

    // Switch profile: every screen now says whose archive this is.
    await relativePage.getByTestId('accept-switch').click();
    await relativePage.getByTestId('page-home').waitFor();
    await expect(relativePage.getByTestId('active-profile-name').textContent()).resolves.toContain(`正在查看：${resident.name} 的档案`);
    await expect(relativePage.getByTestId('home-greeting').textContent()).resolves.toContain(resident.name);
    await expect(relativePage.getByTestId('home-proxy-scopes').textContent()).resolves.toBe('查看、记录读数');
    await screenshot(relativePage, 'proxy-04-relative-home');
    await relativePage.goto(`${stack.url}/#/pages/records/index`);
    await expect(relativePage.getByTestId('active-profile-banner').textContent()).resolves.toContain(resident.name);

    // The resident sees the link and what the relative did, then revokes it.
    await residentPage.goto(`${stack.url}/#/pages/proxy/activity/index`);
    await residentPage.getByTestId('activity-item').first().waitFor();
    await screenshot(residentPage, 'proxy-05-activity');
    await residentPage.goto(`${stack.url}/#/pages/proxy/links/index`);
    await residentPage.getByTestId('link-revoke-asResident').click();
    await screenshot(residentPage, 'proxy-06-revoke-confirm');
    await residentPage.getByTestId('links-confirm-ok').click();
    await expect(residentPage.getByTestId('links-message-message').textContent()).resolves.toContain('已解除');
    await screenshot(residentPage, 'proxy-07-revoked');

    // The relative's next request about the resident is refused; the app says so and drops the profile.
    const refused = relativePage.waitForResponse((response) => response.url().includes(`/api/residents/${resident.residentId}/`));
    await relativePage.goto(`${stack.url}/#/pages/home/index`);
    expect((await refused).status()).toBe(403);
    await expect(relativePage.getByTestId('home-alert-message').textContent()).resolves.toContain(`${resident.name} 已解除与您的家人代办关系`);
    expect(await relativePage.getByTestId('active-profile-banner').count()).toBe(0);
    expect(await relativePage.evaluate(() => window.localStorage.getItem('pb.activeProfile'))).toBeNull();
    await screenshot(relativePage, 'proxy-08-relative-after-revoke');
  });
});
