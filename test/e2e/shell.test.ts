import type { Browser, Page } from 'playwright-core';
import { launchChromium, phoneContext, screenshot } from '../helpers/browser';
import { requireH5Build } from '../helpers/h5';
import { startTestStack, type TestStack } from '../helpers/stack';

/** The H5 build served by the real service: log in through the WeChat stand-in, visit every tab. */
describe('mini-program shell (H5 in Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    stack = await startTestStack({ publicDir: requireH5Build() });
    browser = await launchChromium();
    page = await (await phoneContext(browser)).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('login through the WeChat stand-in lands on 首页', async () => {
    await page.goto(`${stack.url}/?as=e2e-shell#/pages/login/index`);
    await page.getByTestId('login-button').click();
    // A new account first agrees to the privacy guide and the health-data consent (issue 3), then
    // may leave binding for later.
    await page.getByTestId('page-consent-privacyGuide').getByTestId('consent-accept').click();
    await page.getByTestId('page-consent-healthData').getByTestId('consent-accept').click();
    await page.getByTestId('bind-later').click();
    await page.getByTestId('page-home').waitFor();
    await screenshot(page, 'shell-01-home');
  });

  test('each tab page renders its content', async () => {
    for (const name of ['records', 'passbook', 'me']) {
      await page.goto(`${stack.url}/#/pages/${name}/index`);
      await page.getByTestId(`page-${name}`).waitFor();
      await screenshot(page, `shell-02-${name}`);
    }
    // Internal ids are not shown to residents (issue 14): the account number lives on 代办关系 only.
    await expect(page.getByTestId('account-id').count()).resolves.toBe(0);
  });

  test('elderly mode enlarges the text on every page and survives a reload', async () => {
    await page.goto(`${stack.url}/#/pages/me/index`);
    const sizeBefore = await fontSizeOf(page, 'page-me');
    await page.getByTestId('elderly-toggle').click();
    await page.reload();
    await page.getByTestId('page-me').waitFor();
    expect(await fontSizeOf(page, 'page-me')).toBeGreaterThanOrEqual(sizeBefore * 1.2);
    await page.goto(`${stack.url}/#/pages/home/index`);
    await page.getByTestId('page-home').waitFor();
    await screenshot(page, 'shell-03-home-elderly');
  });
});

async function fontSizeOf(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
}
