import { Types } from 'mongoose';
import { checkoutSweeper } from '../../../server/checkout/checkoutSweeper';
import { createAccount, createPharmacy, createProxyLink } from '../../helpers/factories';
import { api, bill, checkoutDoc, createCheckout, heldCheckout, issueCode, newResident, simFail, startCheckoutWorld, startWechatPay, waitForState, wallet, type CheckoutWorld } from './harness';

describe('pharmacy checkout: pharmacies, codes, confirm, pay, cancel', () => {
  let w: CheckoutWorld;
  beforeAll(async () => {
    w = await startCheckoutWorld();
  });
  afterAll(() => w.stack.stop());

  test('admin registers a pharmacy and invites a cashier; the cashier accepts once and acts only for that pharmacy', async () => {
    const registered = await api(w, w.admin.token).post('/api/admin/pharmacies', {
      name: '康宁大药房',
      licenceNumber: 'JY11101010001',
      address: '东城区和平里 8 号',
      settlement: { accountName: '康宁大药房有限公司', bankName: '工商银行', accountNumber: '6222 0000 1111' },
    });
    expect(registered.status).toBe(201);
    const pharmacyId = registered.body.data.pharmacyId as string;
    const again = await api(w, w.admin.token).post('/api/admin/pharmacies', { ...registered.body.data, licenceNumber: 'JY11101010001', settlement: { accountName: 'x', bankName: 'y', accountNumber: '123456' } });
    expect(again.body.error.code).toBe('pharmacy_licence_number_taken');

    const invitation = await api(w, w.admin.token).post(`/api/admin/pharmacies/${pharmacyId}/cashier-invitations`);
    expect(invitation.status).toBe(201);
    const newcomer = await createAccount(w.stack);
    const accepted = await api(w, newcomer.token).post('/api/cashier-invitations/accept', { code: invitation.body.data.code });
    expect(accepted.status).toBe(200);
    expect(accepted.body.data).toMatchObject({ pharmacyId, roles: ['cashier'] });
    const someoneElse = await createAccount(w.stack);
    expect((await api(w, someoneElse.token).post('/api/cashier-invitations/accept', { code: invitation.body.data.code })).body.error.code).toBe('cashier_invitation_used');
    expect((await api(w, newcomer.token).post('/api/cashier-invitations/accept', { code: 'ZZZZ-ZZZZ' })).body.error.code).toBe('cashier_invitation_invalid');

    expect((await api(w, newcomer.token).get(`/api/pharmacies/${pharmacyId}`)).status).toBe(200);
    // Own pharmacy only: the new cashier cannot open a checkout at, or read, another pharmacy.
    const r = await newResident(w);
    const foreign = await api(w, newcomer.token).post(`/api/pharmacies/${w.pharmacyId}/checkouts`, { code: await issueCode(w, r.token, r.residentId), ...bill });
    expect(foreign.status).toBe(403);
    expect((await api(w, newcomer.token).get(`/api/pharmacies/${w.pharmacyId}/checkouts`)).status).toBe(403);
  });

  test('出示码 shows available points and the monthly allowance left; forged, expired, used and superseded codes are refused', async () => {
    const r = await newResident(w, 800);
    const res = await api(w, r.token).post(`/api/residents/${r.residentId}/redemption-codes`);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ availablePoints: 800, monthlyRemainingPoints: 500, valueFenPerPoint: 10 });
    expect(res.body.data.code).toMatch(/^\d{18}$/);
    expect(res.body.data.qrPayload).toBe(`RHP1:${res.body.data.code}`);
    const code = res.body.data.code as string;

    const forged = `${code.slice(0, 17)}${(Number(code[17]) + 1) % 10}`;
    expect((await createCheckout(w, forged)).body.error.code).toBe('redemption_code_invalid');
    expect((await createCheckout(w, '123456789012345678')).body.error.code).toBe('redemption_code_invalid');

    // The phone refreshed: the screenshot of the earlier code is refused at once.
    const fresh = await issueCode(w, r.token, r.residentId);
    expect((await createCheckout(w, code)).body.error.code).toBe('redemption_code_expired');
    // The QR payload form is accepted too, once.
    const first = await createCheckout(w, `RHP1:${fresh}`);
    expect(first.status).toBe(201);
    expect((await createCheckout(w, fresh)).body.error.code).toBe('redemption_code_used');

    const late = await issueCode(w, r.token, r.residentId);
    w.clock.advanceMs(61_000);
    expect((await createCheckout(w, late)).body.error.code).toBe('redemption_code_expired');
  });

  test('a resident and a relative on the code screen at once both keep a valid code; racing refreshes of one phone never leave none', async () => {
    const r = await newResident(w, 1000);
    const daughter = await createAccount(w.stack);
    await createProxyLink(w.stack, { residentId: r.residentId, proxyAccountId: daughter.accountId, scopes: ['redeem'] });
    const [own, relatives] = await Promise.all([issueCode(w, r.token, r.residentId), issueCode(w, daughter.token, r.residentId)]);
    expect((await createCheckout(w, own)).status).toBe(201);
    expect((await createCheckout(w, relatives)).status).toBe(201);
    // Four refreshes of the same phone racing: the last issued stays valid (a racer may keep its own too).
    const racing = await Promise.all(Array.from({ length: 4 }, () => issueCode(w, r.token, r.residentId)));
    const usable = await Promise.all(racing.map(async (code) => (await createCheckout(w, code)).status === 201));
    expect(usable.filter(Boolean).length).toBeGreaterThanOrEqual(1);
  });

  test('a code issued by a proxy is refused once the proxy is revoked or loses redeem', async () => {
    const r = await newResident(w, 1000);
    const son = await createAccount(w.stack);
    const { linkId } = await createProxyLink(w.stack, { residentId: r.residentId, proxyAccountId: son.accountId, scopes: ['view', 'redeem'] });
    const beforeRevocation = await issueCode(w, son.token, r.residentId);
    const revoked = await api(w, r.token).post(`/api/proxy-links/${linkId}/revoke`);
    expect(revoked.status).toBe(200);
    const refused = await createCheckout(w, beforeRevocation);
    expect(refused.status).toBe(410);
    expect(refused.body.error.code).toBe('redemption_code_expired');

    const daughter = await createAccount(w.stack);
    const link = await createProxyLink(w.stack, { residentId: r.residentId, proxyAccountId: daughter.accountId, scopes: ['view', 'redeem'] });
    const code = await issueCode(w, daughter.token, r.residentId);
    await w.deps.models.ProxyLink.updateOne({ _id: link.linkId }, { $set: { scopes: ['view'] } });
    expect((await createCheckout(w, code)).body.error.code).toBe('redemption_code_expired');
  });

  test('bill checks and the policy maximum: 50 % of the eligible self-paid share, within the monthly cap', async () => {
    const r = await newResident(w, 1000);
    expect((await createCheckout(w, await issueCode(w, r.token, r.residentId), { totalFen: 100, selfPaidFen: 200, eligibleSelfPaidFen: 50 })).body.error.code).toBe('bill_amounts_inconsistent');
    expect((await createCheckout(w, await issueCode(w, r.token, r.residentId), { totalFen: 1000, selfPaidFen: 500, eligibleSelfPaidFen: 100 })).body.error.code).toBe('redemption_not_possible');
    const created = await createCheckout(w, await issueCode(w, r.token, r.residentId), { totalFen: 300_000, selfPaidFen: 200_000, eligibleSelfPaidFen: 150_000 });
    expect(created.status).toBe(201);
    // 50 % of 1500 yuan = 7500 points by share, but the monthly cap (500) binds.
    expect(created.body.data).toMatchObject({ state: 'awaiting_confirmation', maxPoints: 500, limitedBy: 'limited_by_monthly_limit', insuranceFen: 100_000 });
  });

  test('journey: scan → confirm (held) → WeChat Pay → callback → captured → 已完成; bill = points + WeChat Pay', async () => {
    const r = await newResident(w, 1000);
    const created = await createCheckout(w, await issueCode(w, r.token, r.residentId));
    expect(created.body.data).toMatchObject({ maxPoints: 400, maxPointsValueFen: 4000, state: 'awaiting_confirmation' });
    const checkoutId = created.body.data.checkoutId as string;

    const seen = await api(w, r.token).get(`/api/residents/${r.residentId}/checkouts`);
    expect(seen.body.data.pending.map((c: { checkoutId: string }) => c.checkoutId)).toContain(checkoutId);

    const confirmed = await api(w, r.token).post(`/api/residents/${r.residentId}/checkouts/${checkoutId}/confirm`);
    expect(confirmed.body.data).toMatchObject({ state: 'awaiting_payment', points: 400, pointsValueFen: 4000, remainderFen: 8000 });
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 1000, heldPoints: 400 });

    const pay = await startWechatPay(w, r, checkoutId);
    expect(pay.amountFen).toBe(8000);
    expect(pay.requestPayment.package).toMatch(/^prepay_id=/);
    // Asking again gives the same order (out_trade_no = checkoutId, same prepay_id).
    expect((await startWechatPay(w, r, checkoutId)).requestPayment.package).toBe(pay.requestPayment.package);
    // Counter payment is refused once WeChat Pay was chosen… unless the order can be closed; here the cashier
    // keeps out of it, and the H5 stand-in plays requestPayment.
    const paid = await api(w, r.token).post('/api/dev/wechat/pay/confirm', { package: pay.requestPayment.package });
    expect(paid.status).toBe(200);
    const done = await waitForState(w, checkoutId, 'completed');
    expect(done).toMatchObject({ capturedPoints: 400, wechatPaidFen: 8000, counterPaidFen: 0 });
    expect(done.selfPaidFen).toBe((done.pointsValueFen ?? 0) + done.wechatPaidFen + done.counterPaidFen);
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 600, heldPoints: 0 });
    const cashierView = await api(w, w.cashier.token).get(`/api/checkouts/${checkoutId}`);
    expect(cashierView.body.data.checkout).toMatchObject({ state: 'completed', stateLabel: '已完成' });
  });

  test('counter payment: the cashier marks the remainder paid; the amount must match', async () => {
    const r = await newResident(w, 1000);
    const checkoutId = await heldCheckout(w, r);
    expect((await api(w, w.cashier.token).post(`/api/checkouts/${checkoutId}/counter-payment`, { amountFen: 7999 })).body.error.code).toBe('counter_amount_mismatch');
    const paid = await api(w, w.cashier.token).post(`/api/checkouts/${checkoutId}/counter-payment`, { amountFen: 8000 });
    expect(paid.body.data).toMatchObject({ state: 'completed', paymentMethod: 'counter', counterPaidFen: 8000, capturedPoints: 400 });
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 600, heldPoints: 0 });
  });

  test('counter payment after a WeChat order was opened closes that order first', async () => {
    const r = await newResident(w, 1000);
    const checkoutId = await heldCheckout(w, r);
    await startWechatPay(w, r, checkoutId);
    const paid = await api(w, w.cashier.token).post(`/api/checkouts/${checkoutId}/counter-payment`, { amountFen: 8000 });
    expect(paid.body.data.state).toBe('completed');
    const order = await w.deps.wechat.pay.queryOrderByOutTradeNo(checkoutId);
    expect(order.tradeState).toBe('CLOSED');
  });

  test('a proxy with `redeem` confirms and the resident is notified; points come from the resident', async () => {
    const r = await newResident(w, 1000);
    const daughter = await createAccount(w.stack);
    await createProxyLink(w.stack, { residentId: r.residentId, proxyAccountId: daughter.accountId, scopes: ['redeem'] });
    const code = await issueCode(w, daughter.token, r.residentId);
    const created = await createCheckout(w, code);
    const checkoutId = created.body.data.checkoutId as string;
    const confirmed = await api(w, daughter.token).post(`/api/residents/${r.residentId}/checkouts/${checkoutId}/confirm`, { points: 100 });
    expect(confirmed.body.data).toMatchObject({ state: 'awaiting_payment', points: 100, confirmedByProxy: true });
    const notice = await w.deps.models.Notice.findOne({ eventKey: `proxy-redemption:${checkoutId}` }).lean();
    expect(notice?.residentId.toString()).toBe(r.residentId);
    expect(notice?.kind).toBe('proxy.redemption');
    // A proxy with only `view` cannot.
    const viewer = await createAccount(w.stack);
    await createProxyLink(w.stack, { residentId: r.residentId, proxyAccountId: viewer.accountId, scopes: ['view'] });
    expect((await api(w, viewer.token).post(`/api/residents/${r.residentId}/redemption-codes`)).status).toBe(403);
  });

  test('confirming more than the offer, or more than the wallet holds, is refused; the hold never goes negative', async () => {
    const r = await newResident(w, 150);
    const created = await createCheckout(w, await issueCode(w, r.token, r.residentId));
    const checkoutId = created.body.data.checkoutId as string;
    expect(created.body.data.maxPoints).toBe(150);
    expect((await api(w, r.token).post(`/api/residents/${r.residentId}/checkouts/${checkoutId}/confirm`, { points: 151 })).body.error.code).toBe('points_exceed_offer');
    // Spend 100 elsewhere meanwhile, so the offer no longer fits.
    const other = await heldCheckout(w, r, { totalFen: 1000, selfPaidFen: 1000, eligibleSelfPaidFen: 200 });
    expect((await checkoutDoc(w, other)).points).toBe(10);
    const refused = await api(w, r.token).post(`/api/residents/${r.residentId}/checkouts/${checkoutId}/confirm`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('insufficient_available_points');
    expect((await checkoutDoc(w, checkoutId)).state).toBe('cancelled');
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 150, heldPoints: 10 });
  });

  test('payment failed → hold released, order closed, checkout cancelled', async () => {
    const r = await newResident(w, 1000);
    const checkoutId = await heldCheckout(w, r);
    await startWechatPay(w, r, checkoutId);
    await simFail(w, checkoutId);
    await checkoutSweeper(w.deps);
    const doc = await checkoutDoc(w, checkoutId);
    expect(doc).toMatchObject({ state: 'cancelled', cancelReason: 'payment_failed' });
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 1000, heldPoints: 0 });
  });

  test('15 minutes without payment → WeChat order closed, hold released; a confirmation not given in time also cancels', async () => {
    const r = await newResident(w, 1000);
    const checkoutId = await heldCheckout(w, r);
    await startWechatPay(w, r, checkoutId);
    const unconfirmed = (await createCheckout(w, await issueCode(w, r.token, r.residentId))).body.data.checkoutId as string;
    w.clock.advanceMs(14 * 60_000);
    await checkoutSweeper(w.deps);
    expect((await checkoutDoc(w, checkoutId)).state).toBe('awaiting_payment');
    expect((await checkoutDoc(w, unconfirmed)).state).toBe('cancelled');
    w.clock.advanceMs(61_000);
    await checkoutSweeper(w.deps);
    expect(await checkoutDoc(w, checkoutId)).toMatchObject({ state: 'cancelled', cancelReason: 'payment_timeout' });
    expect((await w.deps.wechat.pay.queryOrderByOutTradeNo(checkoutId)).tradeState).toBe('CLOSED');
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 1000, heldPoints: 0 });
  });

  test('the resident declines before paying: hold released', async () => {
    const r = await newResident(w, 1000);
    const checkoutId = await heldCheckout(w, r);
    const declined = await api(w, r.token).post(`/api/residents/${r.residentId}/checkouts/${checkoutId}/decline`);
    expect(declined.body.data).toMatchObject({ state: 'cancelled', cancelReason: 'declined_by_resident' });
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 1000, heldPoints: 0 });
    // Another resident cannot see it.
    const stranger = await newResident(w, 0);
    expect((await api(w, stranger.token).get(`/api/residents/${r.residentId}/checkouts/${checkoutId}`)).status).toBe(403);
    expect((await api(w, stranger.token).get(`/api/residents/${stranger.residentId}/checkouts/${checkoutId}`)).body.error.code).toBe('checkout_not_found');
  });

  test('a cashier of another pharmacy cannot read or act on this pharmacy’s checkout', async () => {
    const r = await newResident(w, 1000);
    const checkoutId = await heldCheckout(w, r);
    const { pharmacyId: otherPharmacy } = await createPharmacy(w.stack);
    const otherCashier = await createAccount(w.stack, { roles: ['cashier'], staff: { pharmacyId: otherPharmacy } });
    expect((await api(w, otherCashier.token).get(`/api/checkouts/${checkoutId}`)).status).toBe(403);
    expect((await api(w, otherCashier.token).post(`/api/checkouts/${checkoutId}/counter-payment`, { amountFen: 8000 })).status).toBe(403);
    expect((await api(w, otherCashier.token).post(`/api/checkouts/${checkoutId}/cancel`)).status).toBe(403);
    expect(Types.ObjectId.isValid(r.residentId)).toBe(true);
  });
});
