import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openidFor } from '../../server/dev/simulators/wechatApi';
import { consentDocuments } from '../../server/identity/consentDocuments';
import { launchChromium, phoneContext, screenshot } from '../helpers/browser';
import { createAccount, createBoundResident, createPharmacy, createResident, givePoints } from '../helpers/factories';
import { requireH5Build } from '../helpers/h5';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * Issue 14, first use: staff skip the resident's consent and binding and land on their workbench
 * (a cashier who declined is never stuck; the till takes the code with spaces and offers
 * scanning), and 长辈模式 is offered on the login page — already on when the phone's font is large.
 */
describe('first login: staff land on their workbench, 长辈模式 offered at once (H5 in Chromium)', () => {
  jest.setTimeout(60_000);
  let stack: TestStack;
  let browser: Browser;
  let pharmacyId: string;
  const contexts: BrowserContext[] = [];
  const run = Date.now().toString(36);
  const hints = { cashier: `e2e-sfl-cash-${run}`, declined: `e2e-sfl-decl-${run}`, doctor: `e2e-sfl-doc-${run}`, newcomer: `e2e-sfl-new-${run}`, bigFont: `e2e-sfl-big-${run}` };
  const openidOf = (hint: string) => openidFor(stack.config.wechat.appId, hint);

  beforeAll(async () => {
    stack = await startTestStack({ publicDir: requireH5Build(), env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    browser = await launchChromium();
    ({ pharmacyId } = await createPharmacy(stack, { name: '康宁大药房（测试店）' }));
    // Staff as an administrator sets them up: roles only, no consents given, no archive.
    await createAccount(stack, { openid: openidOf(hints.cashier), roles: ['cashier'], staff: { pharmacyId }, consents: false });
    await createAccount(stack, { openid: openidOf(hints.doctor), roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' }, consents: false });
    const bigFontResident = await createResident(stack, { name: '刘秀英' });
    await createAccount(stack, { openid: openidOf(hints.bigFont), residentId: bigFontResident.residentId });
    const declined = await createAccount(stack, { openid: openidOf(hints.declined), roles: ['cashier'], staff: { pharmacyId }, consents: false });
    await stack.service.deps.models.Consent.create({ accountId: declined.accountId, document: 'healthData', version: consentDocuments.healthData.version, decision: 'declined', at: new Date(), requestId: 'e2e' });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  });

  async function phone(): Promise<Page> {
    const context = await phoneContext(browser);
    contexts.push(context);
    return context.newPage();
  }

  async function logIn(page: Page, hint: string, query = ''): Promise<void> {
    await page.goto(`${stack.url}/?as=${hint}${query}#/pages/login/index`);
    await page.getByTestId('login-button').click();
  }

  test('a cashier lands on the till, types the resident’s code with spaces or scans it', async () => {
    const till = await phone();
    await logIn(till, hints.cashier);
    await till.getByTestId('page-pharmacy-home').waitFor();
    expect(till.url()).toContain('subpackages/pharmacy/home');
    await expect(till.getByTestId('page-consent-privacyGuide').count()).resolves.toBe(0);
    await screenshot(till, 'staff-01-cashier-lands-on-till');

    // The resident's 18 digits as the phone shows them, in groups of four.
    const { resident, account } = await createBoundResident(stack);
    await givePoints(stack, resident.residentId, 1000);
    const issued = await fetch(`${stack.url}/api/residents/${resident.residentId}/redemption-codes`, { method: 'POST', headers: { authorization: `Bearer ${account.token}` } });
    const { codeFormatted } = ((await issued.json()) as { data: { codeFormatted: string } }).data;
    expect(codeFormatted).toMatch(/^\d{4} \d{4} \d{4} \d{4} \d{2}$/);

    await till.getByTestId('pharmacy-new-checkout').click();
    for (const key of '200') await till.getByTestId(`bill-pad-${key}`).click();
    await till.getByTestId('bill-self-paid').click();
    for (const key of '120') await till.getByTestId(`bill-pad-${key}`).click();
    await till.getByTestId('bill-eligible').click();
    for (const key of '80') await till.getByTestId(`bill-pad-${key}`).click();
    await till.getByTestId('bill-next').click();
    await till.getByTestId('page-pharmacy-code').waitFor();
    await till.getByTestId('code-scan').waitFor();
    const field = till.getByTestId('code-input').locator('input');
    await expect(field.getAttribute('type')).resolves.toBe('text');
    await field.fill(codeFormatted);
    await expect(field.inputValue()).resolves.toBe(codeFormatted);
    await screenshot(till, 'staff-02-code-with-spaces');
    // H5's scan stand-in reads the field, as the camera would read the QR.
    await till.getByTestId('code-scan').click();
    await till.getByTestId('till-status').filter({ hasText: '等待居民确认' }).waitFor();
    await screenshot(till, 'staff-03-checkout-created');
  });

  test('a doctor lands on the workbench', async () => {
    const page = await phone();
    await logIn(page, hints.doctor);
    await page.getByTestId('page-doctor-panel').waitFor();
    await screenshot(page, 'staff-04-doctor-lands-on-panel');
  });

  test('a cashier who declined the health-data consent is not stuck', async () => {
    const page = await phone();
    await logIn(page, hints.declined);
    await page.getByTestId('page-pharmacy-home').waitFor();
    // Even on the page a resident sees after declining, the way to work is the first button.
    await page.goto(`${stack.url}/#/pages/consent-declined/index?doc=healthData`);
    await page.getByTestId('declined-workbench').click();
    await page.getByTestId('page-pharmacy-home').waitFor();
    await screenshot(page, 'staff-05-declined-cashier-at-till');
  });

  test('长辈模式 is offered on the login page and turned on with one tap', async () => {
    const page = await phone();
    await page.goto(`${stack.url}/?as=${hints.newcomer}#/pages/login/index`);
    const offer = page.getByTestId('login-elderly-offer');
    await offer.waitFor();
    await expect(page.getByTestId('page-login').getAttribute('data-elderly')).resolves.toBe('off');
    await screenshot(page, 'staff-06-login-elderly-offer');
    await page.getByTestId('login-elderly-on').click();
    await expect(page.getByTestId('page-login').getAttribute('data-elderly')).resolves.toBe('on');
    await expect(offer.count()).resolves.toBe(0);
    await screenshot(page, 'staff-07-login-elderly-on');
    // The choice survives a reload.
    await page.reload();
    await expect(page.getByTestId('page-login').getAttribute('data-elderly')).resolves.toBe('on');
  });

  test('a large system font turns 长辈模式 on before anything is tapped, tab bar included', async () => {
    const page = await phone();
    // H5 stand-in for WeChat's fontSizeSetting: ?fontScale= (platform/h5.ts).
    await page.goto(`${stack.url}/?as=${hints.bigFont}&fontScale=1.3#/pages/login/index`);
    await page.getByTestId('login-elderly-offer').filter({ hasText: '已为您放大字体' }).waitFor();
    await expect(page.getByTestId('page-login').getAttribute('data-elderly')).resolves.toBe('on');
    await screenshot(page, 'staff-08-login-large-font');
    await page.getByTestId('login-elderly-on').click();
    await page.getByTestId('login-button').click();
    await page.getByTestId('page-home').waitFor();
    const tab = page.locator('.weui-tabbar__item').first();
    await tab.waitFor();
    expect(await tab.locator('.weui-tabbar__label').evaluate((element) => parseFloat(getComputedStyle(element).fontSize))).toBeGreaterThanOrEqual(18);
    expect((await tab.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(48);
    await screenshot(page, 'staff-09-home-large-font');
  });
});
