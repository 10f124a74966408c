import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../helpers/browser';
import { createAccount, createPharmacy, createResident, createStatementFixture, givePoints, type AccountFixture, type ResidentFixture } from '../helpers/factories';
import { requireH5Build } from '../helpers/h5';
import { startTestStack, type TestStack } from '../helpers/stack';
import { openidFor } from '../../server/dev/simulators/wechatApi';
import { phones } from './support/phones';

/**
 * Journey 5 in Chromium with two browser contexts — the resident's phone and the pharmacy till:
 * 出示码 → the cashier enters the bill and types the digits → the resident confirms → pays the rest
 * in the WeChat Pay simulator (the H5 requestPayment stand-in) → the till shows 已完成 → the cashier
 * refunds in full → the resident's points are back (API and screen). Then the till's statements.
 */
describe('pharmacy checkout (H5 in Chromium, two contexts)', () => {
  let stack: TestStack;
  let browser: Browser;
  const { openAs, closeAll } = phones(() => browser, () => stack.url);
  let resident: ResidentFixture;
  let residentAccount: AccountFixture;
  let pharmacyId: string;
  const run = Date.now().toString(36);
  const residentHint = `e2e-co-res-${run}`;
  const cashierHint = `e2e-co-cash-${run}`;

  /** The openid the simulator gives `?as=<hint>` (same derivation as server/dev/seed.ts). */
  const openidOf = (hint: string) => openidFor(stack.config.wechat.appId, hint);

  beforeAll(async () => {
    stack = await startTestStack({ publicDir: requireH5Build() });
    browser = await launchChromium();
    ({ pharmacyId } = await createPharmacy(stack, { name: '康宁大药房（测试店）' }));
    await createAccount(stack, { openid: openidOf(cashierHint), roles: ['cashier'], staff: { pharmacyId } });
    resident = await createResident(stack, { name: '王建国' });
    residentAccount = await createAccount(stack, { openid: openidOf(residentHint), residentId: resident.residentId });
    await givePoints(stack, resident.residentId, 1000);
    await createStatementFixture(stack, { pharmacyId, periodKey: '2000-01' });
  });
  afterAll(async () => {
    await closeAll();
    await browser?.close();
    await stack?.stop();
  });

  /** Taps an amount on the till's keypad, e.g. '80.5'. */
  async function typeAmount(page: Page, padTestId: string, amount: string): Promise<void> {
    for (const key of amount) await page.getByTestId(`${padTestId}-${key}`).click();
  }

  const waitForText = (page: Page, testId: string, text: string, timeout = 20_000) => page.getByTestId(testId).filter({ hasText: text }).first().waitFor({ timeout });

  async function availablePointsViaApi(): Promise<number> {
    const res = await fetch(`${stack.url}/api/residents/${resident.residentId}/redemption-codes`, { method: 'POST', headers: { authorization: `Bearer ${residentAccount.token}` } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { data: { availablePoints: number } }).data.availablePoints;
  }

  test('出示码 → bill + code → confirm → WeChat Pay → 已完成 → refund → points back', async () => {
    // The resident opens 出示码 from the 存折 tab.
    const phone = await openAs(residentHint);
    await phone.goto(`${stack.url}/#/pages/passbook/index`);
    await phone.getByTestId('passbook-show-code').click();
    const digits = phone.getByTestId('redeem-code-digits');
    await digits.waitFor();
    await phone.getByTestId('redeem-qr').locator('img').waitFor();
    const code = (await digits.getAttribute('data-code')) ?? '';
    expect(code).toMatch(/^\d{18}$/);
    await expect(phone.getByTestId('redeem-available-points').textContent()).resolves.toContain('1,000');
    await expect(phone.getByTestId('redeem-monthly-remaining').textContent()).resolves.toContain('500');
    await expect(phone.getByTestId('page-redeem-code').getByTestId('active-profile-name').textContent()).resolves.toContain('王建国');
    await screenshot(phone, 'checkout-01-resident-code');

    // The cashier: 我的 → 药店收银 → bill on the keypad → the resident's digits.
    const till = await openAs(cashierHint);
    await till.goto(`${stack.url}/#/pages/me/index`);
    await till.getByTestId('me-till').click();
    await waitForText(till, 'pharmacy-name', '康宁大药房');
    await screenshot(till, 'checkout-02-till-home');
    await till.getByTestId('pharmacy-new-checkout').click();
    await till.getByTestId('page-pharmacy-bill').waitFor();
    // A wrong bill first: the rule is said under the field, nothing is sent.
    await typeAmount(till, 'bill-pad', '100');
    await till.getByTestId('bill-self-paid').click();
    await typeAmount(till, 'bill-pad', '120');
    await till.getByTestId('bill-eligible').click();
    await typeAmount(till, 'bill-pad', '80');
    await till.getByTestId('bill-next').click();
    await waitForText(till, 'bill-self-paid-error', '不能超过总金额');
    await screenshot(till, 'checkout-03-till-bill-error');
    await till.getByTestId('bill-total').click();
    for (let i = 0; i < 3; i += 1) await till.getByTestId('bill-pad-backspace').click();
    await typeAmount(till, 'bill-pad', '200');
    await expect(till.getByTestId('bill-total-value').textContent()).resolves.toBe('200 元');
    await screenshot(till, 'checkout-04-till-bill');
    await till.getByTestId('bill-next').click();
    await till.getByTestId('page-pharmacy-code').waitFor();
    await expect(till.getByTestId('bill-summary-self-paid').textContent()).resolves.toBe('¥120.00');
    await till.getByTestId('code-input').locator('input').fill(code);
    await screenshot(till, 'checkout-05-till-code');
    await till.getByTestId('code-submit').click();
    await waitForText(till, 'till-status', '等待居民确认');
    await expect(till.getByTestId('till-remainder').textContent()).resolves.toBe('¥80.00');
    await screenshot(till, 'checkout-06-till-awaiting-confirmation');

    // The phone notices the checkout (polling) and asks for one decision.
    await phone.getByTestId('page-redeem-confirm').waitFor({ timeout: 10_000 });
    await expect(phone.getByTestId('redeem-self-paid').textContent()).resolves.toBe('¥120.00');
    await expect(phone.getByTestId('redeem-points-value').textContent()).resolves.toBe('-¥40.00');
    await expect(phone.getByTestId('redeem-remainder').textContent()).resolves.toBe('¥80.00');
    await expect(phone.getByTestId('redeem-offer').textContent()).resolves.toContain('用 400 积分');
    await screenshot(phone, 'checkout-07-resident-confirm');
    await phone.getByTestId('redeem-confirm').click();
    await phone.getByTestId('page-redeem-pay').waitFor();
    await expect(phone.getByTestId('redeem-pay-amount').textContent()).resolves.toBe('¥80.00');
    await screenshot(phone, 'checkout-08-resident-pay');
    await waitForText(till, 'till-status', '等待支付');
    await screenshot(till, 'checkout-09-till-awaiting-payment');

    // WeChat Pay in the simulator; the callback captures the held points.
    await phone.getByTestId('redeem-pay-wechat').click();
    await phone.getByTestId('page-redeem-done').waitFor({ timeout: 20_000 });
    await expect(phone.getByTestId('redeem-done-wechat').textContent()).resolves.toBe('¥80.00');
    await screenshot(phone, 'checkout-10-resident-done');
    await waitForText(till, 'till-status', '已完成');
    await expect(till.getByTestId('till-wechat-paid').textContent()).resolves.toBe('¥80.00');
    await screenshot(till, 'checkout-11-till-completed');
    expect(await availablePointsViaApi()).toBe(600);

    // Full refund at the till.
    await till.getByTestId('till-refund').click();
    await expect(till.getByTestId('till-refundable').textContent()).resolves.toBe('¥120.00');
    await screenshot(till, 'checkout-12-till-refund');
    await till.getByTestId('till-refund-full').click();
    await expect(till.getByTestId('till-refund-confirm-amount').textContent()).resolves.toBe('¥120.00');
    await screenshot(till, 'checkout-13-till-refund-confirm');
    await till.getByTestId('till-refund-confirm-ok').click();
    await waitForText(till, 'till-status', '已全额退款');
    await waitForText(till, 'till-refund-row', '退回 400 积分');
    // Every refund shows its split: the cash back to the payer and the points back to the resident.
    const refundRow = till.getByTestId('till-refund-row').first();
    await expect(refundRow.getByTestId('till-refund-cash').textContent()).resolves.toMatch(/退回现金 ¥80\.00（微信原路退回）/);
    await expect(refundRow.getByTestId('till-refund-points').textContent()).resolves.toMatch(/退回 400 积分（抵 ¥40\.00）/);
    await screenshot(till, 'checkout-14-till-refunded');

    // The points are back: the API and the resident's screen.
    expect(await availablePointsViaApi()).toBe(1000);
    await phone.goto(`${stack.url}/#/pages/passbook/index`);
    await phone.getByTestId('passbook-show-code').click();
    await waitForText(phone, 'redeem-available-points', '1,000');
    await screenshot(phone, 'checkout-15-resident-points-back');

    // The till's records and statements.
    await till.goto(`${stack.url}/#/subpackages/pharmacy/list/index`);
    await waitForText(till, 'till-list-row', '已全额退款');
    await screenshot(till, 'checkout-16-till-list');
    await till.goto(`${stack.url}/#/subpackages/pharmacy/statements/index`);
    await till.getByTestId('statement-confirm').click();
    await screenshot(till, 'checkout-17-statement-confirm');
    await till.getByTestId('statement-confirm-dialog-ok').click();
    await waitForText(till, 'statements-message', '已确认');
    expect(await till.getByTestId('statement-confirm').count()).toBe(0);
    await screenshot(till, 'checkout-18-statements');
    // Two browsers, a real service and the simulators on a shared 2-core machine: allow for it.
  }, 120_000);

  test('an expired or replayed code is refused with the service’s words', async () => {
    const till = await openAs(cashierHint);
    await till.goto(`${stack.url}/#/subpackages/pharmacy/new/index`);
    await till.getByTestId('page-pharmacy-bill').waitFor();
    await typeAmount(till, 'bill-pad', '50');
    await till.getByTestId('bill-self-paid').click();
    await till.getByTestId('bill-self-paid-same').click();
    await till.getByTestId('bill-eligible').click();
    await till.getByTestId('bill-eligible-same').click();
    await till.getByTestId('bill-next').click();
    // A code that was superseded (the phone fetched a newer one) reads as expired.
    const first = await fetch(`${stack.url}/api/residents/${resident.residentId}/redemption-codes`, { method: 'POST', headers: { authorization: `Bearer ${residentAccount.token}` } });
    const stale = ((await first.json()) as { data: { code: string } }).data.code;
    await availablePointsViaApi();
    await till.getByTestId('code-input').locator('input').fill(stale);
    await till.getByTestId('code-submit').click();
    await waitForText(till, 'code-submit-error', '出示码已过期，请让居民刷新后重新扫码');
    await screenshot(till, 'checkout-19-till-code-expired');
    // A typo is caught before asking the service.
    await till.getByTestId('code-input').locator('input').fill('12345678');
    await till.getByTestId('code-submit').click();
    await waitForText(till, 'code-input-hint', '18 位数字');
  }, 90_000);
});
