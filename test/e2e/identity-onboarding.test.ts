import type { Browser, BrowserContext, Page } from 'playwright-core';
import { errorMessages } from '../../shared/errors';
import { launchChromium, phoneContext, screenshot } from '../helpers/browser';
import { createResident, fakeIdNumber, fakePhone, type ResidentFixture } from '../helpers/factories';
import { requireH5Build } from '../helpers/h5';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * Journey 1 in Chromium against the real service: WeChat login → privacy guide → separate
 * health-data consent → bind by name + ID number + phone → 首页 greets the resident by name.
 */
describe('identity onboarding (H5 in Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;
  let resident: ResidentFixture;

  beforeAll(async () => {
    stack = await startTestStack({ publicDir: requireH5Build() });
    browser = await launchChromium();
    resident = await createResident(stack, { name: '王建国', idNumber: fakeIdNumber({ birth: '19550312' }), phone: fakePhone(4321) });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const field = (page: Page, testId: string) => page.getByTestId(testId).locator('input');

  async function loginAndConsent(context: BrowserContext, hint: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${stack.url}/?as=${hint}#/pages/login/index`);
    await page.getByTestId('login-button').click();
    await page.getByTestId('page-consent-privacyGuide').waitFor();
    await page.getByTestId('consent-summary').waitFor();
    return page;
  }

  test('login → privacy guide → health-data consent → bind by details → home shows the name', async () => {
    const page = await loginAndConsent(await phoneContext(browser), `e2e-onboard-${Date.now()}`);
    await screenshot(page, 'identity-01-privacy-guide');
    await page.getByTestId('consent-accept').click();
    await page.getByTestId('page-consent-healthData').waitFor();
    await screenshot(page, 'identity-02-health-consent');
    await page.getByTestId('consent-accept').click();
    await page.getByTestId('page-bind').waitFor();

    // The check digit is validated while typing, with the shared rule.
    const wrongCheckDigit = resident.idNumber.slice(0, 17) + (resident.idNumber.endsWith('1') ? '2' : '1');
    await field(page, 'bind-id-number').fill(wrongCheckDigit.slice(0, 10));
    await expect(page.getByTestId('bind-id-number-hint').textContent()).resolves.toContain('还差 8 位');
    await field(page, 'bind-id-number').fill(wrongCheckDigit);
    await expect(page.getByTestId('bind-id-number-hint').textContent()).resolves.toBe(errorMessages.id_number_checksum_invalid);
    await screenshot(page, 'identity-03-bind-checksum-error');

    // Details that match no archive: the same answer whether or not the archive exists.
    await field(page, 'bind-name').fill(resident.name);
    await field(page, 'bind-id-number').fill(resident.idNumber);
    await expect(page.getByTestId('bind-id-number-hint').textContent()).resolves.toContain('格式正确');
    await field(page, 'bind-phone').fill('13912345678');
    await page.getByTestId('bind-submit').click();
    await expect(page.getByTestId('bind-error-message').textContent()).resolves.toBe(errorMessages.binding_details_not_matched);
    await screenshot(page, 'identity-04-bind-not-matched');

    await field(page, 'bind-phone').fill(resident.phone ?? '');
    await page.getByTestId('bind-submit').click();
    await page.getByTestId('page-home').waitFor();
    await expect(page.getByTestId('home-greeting').textContent()).resolves.toBe(`您好，${resident.name}`);
    await expect(page.getByTestId('active-profile-name').textContent()).resolves.toContain(resident.name);
    await screenshot(page, 'identity-05-home');

    // 我的 shows the archive masked.
    await page.goto(`${stack.url}/#/pages/me/index`);
    // Only the last 4: with the age also shown, any more digits would let the full number be rebuilt (issue 19).
    await expect(page.getByTestId('me-id-number').textContent()).resolves.toBe(`${'*'.repeat(14)}${resident.idNumber.slice(-4)}`);
    await expect(page.getByTestId('me-phone').textContent()).resolves.toMatch(/^\d{3}\*{4}\d{4}$/);
    await screenshot(page, 'identity-06-me');

    await page.getByTestId('me-consents').click();
    await page.getByTestId('page-consent-history').waitFor();
    await page.getByTestId('consent-history-item').first().waitFor();
    expect(await page.getByTestId('consent-history-item').count()).toBe(2);
    await page.goto(`${stack.url}/#/pages/account/sessions/index`);
    await page.getByTestId('session-item').first().waitFor();
    await screenshot(page, 'identity-07-sessions');
  });

  test('declining the health-data consent leaves a usable explanation page and a way back', async () => {
    const page = await loginAndConsent(await phoneContext(browser), `e2e-decline-${Date.now()}`);
    await page.getByTestId('consent-accept').click();
    await page.getByTestId('page-consent-healthData').waitFor();
    await page.getByTestId('consent-decline').click();
    await page.getByTestId('page-consent-declined').waitFor();
    await expect(page.getByTestId('declined-explanation').textContent()).resolves.toContain('没有保存');
    await screenshot(page, 'identity-08-health-declined');
    await page.getByTestId('declined-reconsider').click();
    await page.getByTestId('page-consent-healthData').waitFor();
  });
});
