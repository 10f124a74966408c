import { createSign, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { encryptResource, platformSignatureHeaders } from '../../../server/dev/simulators/wechatPaySigning';
import type { AppDeps } from '../../../server/deps';
import { createAccount, createBoundResident, createPharmacy, givePoints } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';
import { walletBalances } from '../../helpers/ledger';

/** A service + simulators with one pharmacy, its cashier, an admin, and helpers for the till and the phone. */
export interface CheckoutWorld {
  stack: TestStack;
  deps: AppDeps;
  clock: ManualClock;
  pharmacyId: string;
  cashier: { token: string; accountId: string };
  admin: { token: string; accountId: string };
}

export async function startCheckoutWorld(options: { at?: Date } = {}): Promise<CheckoutWorld> {
  const clock = new ManualClock(options.at ?? new Date());
  const stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '1000000' } });
  const deps = stack.service.deps;
  const { pharmacyId } = await createPharmacy(stack);
  const cashier = await createAccount(stack, { roles: ['cashier'], staff: { pharmacyId } });
  const admin = await createAccount(stack, { roles: ['admin'] });
  return { stack, deps, clock, pharmacyId, cashier, admin };
}

export const api = (w: CheckoutWorld, token?: string) => {
  const agent = request(w.stack.url);
  const auth = <T extends { set(k: string, v: string): T }>(r: T) => (token ? r.set('Authorization', `Bearer ${token}`) : r);
  return {
    get: (path: string) => auth(agent.get(path)),
    post: (path: string, body: object = {}) => auth(agent.post(path)).send(body),
  };
};

export async function newResident(w: CheckoutWorld, points = 1000) {
  const { resident, account } = await createBoundResident(w.stack);
  if (points > 0) await givePoints(w.stack, resident.residentId, points);
  return { residentId: resident.residentId, token: account.token, accountId: account.accountId, openid: account.openid };
}

export async function issueCode(w: CheckoutWorld, token: string, residentId: string): Promise<string> {
  const res = await api(w, token).post(`/api/residents/${residentId}/redemption-codes`);
  expect(res.status).toBe(201);
  return res.body.data.code as string;
}

export const bill = { totalFen: 20_000, selfPaidFen: 12_000, eligibleSelfPaidFen: 8_000 };

export async function createCheckout(w: CheckoutWorld, code: string, b = bill) {
  return api(w, w.cashier.token).post(`/api/pharmacies/${w.pharmacyId}/checkouts`, { code, ...b });
}

/** Code → checkout → confirmed (points held): returns the checkout id. */
export async function heldCheckout(w: CheckoutWorld, r: { residentId: string; token: string }, b = bill): Promise<string> {
  const created = await createCheckout(w, await issueCode(w, r.token, r.residentId), b);
  expect(created.status).toBe(201);
  const checkoutId = created.body.data.checkoutId as string;
  const confirmed = await api(w, r.token).post(`/api/residents/${r.residentId}/checkouts/${checkoutId}/confirm`);
  expect(confirmed.status).toBe(200);
  expect(confirmed.body.data.state).toBe('awaiting_payment');
  return checkoutId;
}

export async function startWechatPay(w: CheckoutWorld, r: { residentId: string; token: string }, checkoutId: string) {
  const res = await api(w, r.token).post(`/api/residents/${r.residentId}/checkouts/${checkoutId}/wechat-payment`);
  expect(res.status).toBe(200);
  return res.body.data as { amountFen: number; requestPayment: { package: string; paySign: string } };
}

export async function simPay(w: CheckoutWorld, outTradeNo: string, body: object = {}) {
  const res = await fetch(`${w.stack.simulators.wechatPayBaseUrl}/__sim/pay/orders/${outTradeNo}/succeed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()) as { transaction_id: string };
}

export async function simFail(w: CheckoutWorld, outTradeNo: string) {
  const res = await fetch(`${w.stack.simulators.wechatPayBaseUrl}/__sim/pay/orders/${outTradeNo}/fail`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(res.status).toBe(200);
}

export async function checkoutDoc(w: CheckoutWorld, checkoutId: string) {
  const doc = await w.deps.models.Checkout.findById(checkoutId).lean();
  if (!doc) throw new Error(`no checkout ${checkoutId}`);
  return doc;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const waitForState = (w: CheckoutWorld, checkoutId: string, state: string, timeoutMs = 5000) =>
  waitFor(`checkout ${checkoutId} → ${state}`, async () => {
    const doc = await checkoutDoc(w, checkoutId);
    return doc.state === state ? doc : undefined;
  }, timeoutMs);

export async function wallet(w: CheckoutWorld, residentId: string) {
  return walletBalances(w.deps, residentId);
}

/** A callback as WeChat Pay would send it (signed with the simulator's platform key), to tamper with. */
export function craftNotification(w: CheckoutWorld, input: { eventType: 'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS'; resource: object; id?: string; nowMs?: number }) {
  const { setup } = w.stack.simulators;
  const body = JSON.stringify({
    id: input.id ?? randomUUID(),
    create_time: new Date().toISOString(),
    resource_type: 'encrypt-resource',
    event_type: input.eventType,
    summary: 'test',
    resource: { original_type: 'transaction', ...encryptResource(JSON.stringify(input.resource), setup.apiV3Key, 'transaction') },
  });
  const headers = platformSignatureHeaders(body, setup.platform, input.nowMs ?? Date.now());
  return { body, headers };
}

export async function postNotification(w: CheckoutWorld, n: { body: string; headers: Record<string, string> }) {
  const started = Date.now();
  const res = await fetch(`${w.stack.url}/api/payments/wechat/notify`, { method: 'POST', headers: { 'content-type': 'application/json', ...n.headers }, body: n.body });
  const json = (await res.json().catch(() => null)) as { error?: { code: string } } | null;
  return { status: res.status, code: json?.error?.code, ms: Date.now() - started };
}

/** A forged signature: signed with a key that is not WeChat Pay's. */
export function forgeSignature(headers: Record<string, string>, body: string): Record<string, string> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signature = createSign('RSA-SHA256').update(`${headers['Wechatpay-Timestamp']}\n${headers['Wechatpay-Nonce']}\n${body}\n`).sign(privateKey, 'base64');
  return { ...headers, 'Wechatpay-Signature': signature };
}

export const randomId = () => randomBytes(6).toString('hex');

/** New sessions for the cashier and admin after the manual clock jumped past their session lifetime. */
export async function refreshStaffSessions(w: CheckoutWorld): Promise<void> {
  const { sessionCreator } = await import('../../../server/auth/sessions');
  for (const who of [w.cashier, w.admin]) {
    who.token = (await sessionCreator(w.deps, { accountId: new Types.ObjectId(who.accountId), userAgent: 'test' })).token;
  }
}
