import { randomUUID } from 'node:crypto';
import { checkoutSweeper } from '../../../server/checkout/checkoutSweeper';
import { notificationProcessor } from '../../../server/payments/notifications';
import { api, checkoutDoc, craftNotification, forgeSignature, heldCheckout, newResident, postNotification, simPay, startCheckoutWorld, startWechatPay, waitFor, waitForState, wallet, type CheckoutWorld } from './harness';
import { ledgerLines } from '../../helpers/ledger';

describe('WeChat Pay callbacks and refunds', () => {
  let w: CheckoutWorld;
  beforeAll(async () => {
    w = await startCheckoutWorld();
  });
  afterAll(() => w.stack.stop());

  async function awaitingWechat() {
    const r = await newResident(w, 1000);
    const checkoutId = await heldCheckout(w, r);
    await startWechatPay(w, r, checkoutId);
    return { r, checkoutId };
  }
  const paidResource = (checkoutId: string, totalFen: number, transactionId = `4200${Date.now()}`) => ({
    mchid: w.stack.simulators.setup.mchId,
    out_trade_no: checkoutId,
    transaction_id: transactionId,
    trade_state: 'SUCCESS',
    amount: { total: totalFen, payer_total: totalFen, currency: 'CNY' },
  });

  test('forged signature, tampered ciphertext, tampered tag and a stale timestamp are refused and nothing is stored', async () => {
    const { checkoutId } = await awaitingWechat();
    const genuine = craftNotification(w, { eventType: 'TRANSACTION.SUCCESS', resource: paidResource(checkoutId, 8000) });
    const forged = await postNotification(w, { body: genuine.body, headers: forgeSignature(genuine.headers, genuine.body) });
    expect(forged).toMatchObject({ status: 400, code: 'wechat_pay_notification_rejected' });

    // Ciphertext changed after WeChat Pay signed the body: the signature fails. Re-signed by the real key
    // (an insider without the APIv3 key): the GCM tag fails.
    const parsed = JSON.parse(genuine.body);
    const bytes = Buffer.from(parsed.resource.ciphertext, 'base64');
    bytes[3] = (bytes[3] ?? 0) ^ 0xff;
    const tamperedBody = JSON.stringify({ ...parsed, resource: { ...parsed.resource, ciphertext: bytes.toString('base64') } });
    expect(await postNotification(w, { body: tamperedBody, headers: genuine.headers })).toMatchObject({ status: 400, code: 'wechat_pay_notification_rejected' });
    const { platformSignatureHeaders } = await import('../../../server/dev/simulators/wechatPaySigning');
    const resigned = { body: tamperedBody, headers: platformSignatureHeaders(tamperedBody, w.stack.simulators.setup.platform, Date.now()) };
    expect(await postNotification(w, resigned)).toMatchObject({ status: 400, code: 'wechat_pay_notification_undecryptable' });
    const tagBytes = Buffer.from(parsed.resource.ciphertext, 'base64');
    tagBytes[tagBytes.length - 1] = (tagBytes[tagBytes.length - 1] ?? 0) ^ 0x01;
    const tagBody = JSON.stringify({ ...parsed, resource: { ...parsed.resource, ciphertext: tagBytes.toString('base64') } });
    expect(await postNotification(w, { body: tagBody, headers: platformSignatureHeaders(tagBody, w.stack.simulators.setup.platform, Date.now()) })).toMatchObject({
      status: 400,
      code: 'wechat_pay_notification_undecryptable',
    });

    const stale = craftNotification(w, { eventType: 'TRANSACTION.SUCCESS', resource: paidResource(checkoutId, 8000), nowMs: Date.now() - 301_000 });
    expect(await postNotification(w, stale)).toMatchObject({ status: 400, code: 'wechat_pay_notification_rejected' });
    const wrongSerial = { ...genuine, headers: { ...genuine.headers, 'Wechatpay-Serial': 'PUB_KEY_ID_0000' } };
    expect(await postNotification(w, wrongSerial)).toMatchObject({ status: 400 });

    expect(await w.deps.models.PaymentNotification.countDocuments({})).toBe(0);
    expect((await checkoutDoc(w, checkoutId)).state).toBe('awaiting_payment');
  });

  test('an amount that does not match the order is stored but changes nothing', async () => {
    const { checkoutId } = await awaitingWechat();
    const n = craftNotification(w, { eventType: 'TRANSACTION.SUCCESS', resource: paidResource(checkoutId, 1) });
    const res = await postNotification(w, n);
    expect(res.status).toBe(200);
    const id = JSON.parse(n.body).id as string;
    const stored = await waitFor('processed', async () => {
      const doc = await w.deps.models.PaymentNotification.findById(id).lean();
      return doc && doc.state !== 'received' ? doc : undefined;
    });
    expect(stored).toMatchObject({ state: 'rejected', outcome: 'amount_mismatch' });
    expect(await checkoutDoc(w, checkoutId)).toMatchObject({ state: 'awaiting_payment', problem: 'wechat_amount_mismatch' });
    // The genuine payment completes it and settles the mismatch (issue 19: the problem used to stay).
    await simPay(w, checkoutId);
    await waitForState(w, checkoutId, 'completed');
    expect((await checkoutDoc(w, checkoutId)).problem).toBeNull();
  });

  test('a second, different transaction for an order already paid is flagged and changes nothing else', async () => {
    const { r, checkoutId } = await awaitingWechat();
    const { transaction_id: paid } = await simPay(w, checkoutId);
    await waitForState(w, checkoutId, 'completed');
    const n = craftNotification(w, { eventType: 'TRANSACTION.SUCCESS', resource: paidResource(checkoutId, 8000, `${paid}9`) });
    expect((await postNotification(w, n)).status).toBe(200);
    const id = JSON.parse(n.body).id as string;
    const stored = await waitFor('processed', async () => {
      const doc = await w.deps.models.PaymentNotification.findById(id).lean();
      return doc && doc.state !== 'received' ? doc : undefined;
    });
    expect(stored).toMatchObject({ state: 'rejected', outcome: 'second_transaction' });
    const doc = await checkoutDoc(w, checkoutId);
    expect(doc).toMatchObject({ state: 'completed', problem: 'wechat_second_transaction', wechatPaidFen: 8000 });
    expect(doc.wechat).toMatchObject({ transactionId: paid, otherTransactionIds: [`${paid}9`] });
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 600, heldPoints: 0 });
  });

  test('a signed resource with $-keys is stored without them and processed (issue 19: it answered 500)', async () => {
    const { r, checkoutId } = await awaitingWechat();
    const genuine = paidResource(checkoutId, 8000);
    const resource = { ...genuine, $where: 'sleep(1000)', amount: { total: 8000, $gt: 1, currency: 'CNY' }, payer: { 'a.b': 1, openid: 'o1' } };
    const n = craftNotification(w, { eventType: 'TRANSACTION.SUCCESS', resource });
    const res = await postNotification(w, n);
    expect(res.status).toBe(200);
    await waitForState(w, checkoutId, 'completed');
    const stored = await w.deps.models.PaymentNotification.findById(JSON.parse(n.body).id).lean();
    expect(stored?.resource).toEqual({ ...genuine, amount: { total: 8000, currency: 'CNY' }, payer: { openid: 'o1' } });
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 600, heldPoints: 0 });
  });

  test('a duplicate notification (same id, delivered twice) is stored once and captures once', async () => {
    const { r, checkoutId } = await awaitingWechat();
    await simPay(w, checkoutId, { notification: 'twice' });
    await waitForState(w, checkoutId, 'completed');
    const docs = await waitFor('two deliveries', async () => {
      const found = await w.deps.models.PaymentNotification.find({ 'resource.out_trade_no': checkoutId }).lean();
      return found.length === 1 && found[0]!.deliveries === 2 && found[0]!.state !== 'received' ? found : undefined;
    });
    expect(docs[0]!.state).toBe('processed');
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 600, heldPoints: 0 });
    // Processing it yet again is a no-op.
    expect(await notificationProcessor(w.deps, String(docs[0]!._id))).toBe('processed');
    const entries = (await ledgerLines(w.deps, { holdId: checkoutId })).filter((line) => line.type === 'capture').length;
    expect(entries).toBe(1);
  });

  test('a notification that never comes is resolved by querying the order', async () => {
    const { r, checkoutId } = await awaitingWechat();
    await simPay(w, checkoutId, { notification: 'never' });
    const report = await checkoutSweeper(w.deps);
    expect(report.paymentsConfirmedByQuery).toBeGreaterThanOrEqual(1);
    expect(await checkoutDoc(w, checkoutId)).toMatchObject({ state: 'completed', wechatPaidFen: 8000 });
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 600, heldPoints: 0 });
  });

  test('out of order: the refund’s callback comes before the payment’s; the late payment callback changes nothing', async () => {
    const { r, checkoutId } = await awaitingWechat();
    await simPay(w, checkoutId, { notification: 'refund_first' });
    await checkoutSweeper(w.deps); // the payment is learnt by query
    expect((await checkoutDoc(w, checkoutId)).state).toBe('completed');
    const refund = await api(w, w.cashier.token).post(`/api/checkouts/${checkoutId}/refunds`, { refundFen: 12_000, reason: '药品退货' });
    expect(refund.status).toBe(201);
    const refundId = refund.body.data.refund.refundId as string;
    // The refund callback, then the held payment callback.
    await waitFor('refund succeeded', async () => (await w.deps.models.Refund.findById(refundId).lean())?.state === 'succeeded', 8000);
    await waitFor('late payment callback processed', async () => {
      const late = await w.deps.models.PaymentNotification.findOne({ eventType: 'TRANSACTION.SUCCESS', 'resource.out_trade_no': checkoutId }).lean();
      return late && late.state !== 'received' ? late : undefined;
    }, 8000);
    const doc = await checkoutDoc(w, checkoutId);
    expect(doc).toMatchObject({ state: 'completed', refundedFen: 12_000, refundedPoints: 400 });
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 1000, heldPoints: 0 });
  });

  test('a refund callback for a refund we do not know yet is deferred, then applied once it exists', async () => {
    const outRefundNo = `rf${'0'.repeat(24)}`;
    const n = craftNotification(w, { eventType: 'REFUND.SUCCESS', resource: { out_refund_no: outRefundNo, out_trade_no: 'x', refund_status: 'SUCCESS' }, id: randomUUID() });
    expect((await postNotification(w, n)).status).toBe(200);
    const id = JSON.parse(n.body).id as string;
    await waitFor('deferred', async () => (await w.deps.models.PaymentNotification.findById(id).lean())?.state === 'deferred');
  });

  test('refunds: partial then full, points back in proportion, WeChat part refunded with a stable out_refund_no', async () => {
    const { r, checkoutId } = await awaitingWechat();
    await simPay(w, checkoutId);
    await waitForState(w, checkoutId, 'completed');
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 600, heldPoints: 0 });

    // 3000 of the 12000 self-paid: a quarter → 100 of 400 points, 2000 fen back by WeChat Pay.
    const first = await api(w, w.cashier.token).post(`/api/checkouts/${checkoutId}/refunds`, { refundFen: 3000, requestKey: 'refund-first-0001' });
    expect(first.status).toBe(201);
    expect(first.body.data.refund).toMatchObject({ restoredPoints: 100, restoredValueFen: 1000, cashFen: 2000, cashChannel: 'wechat' });
    const retried = await api(w, w.cashier.token).post(`/api/checkouts/${checkoutId}/refunds`, { refundFen: 3000, requestKey: 'refund-first-0001' });
    expect(retried.body.data.refund.refundId).toBe(first.body.data.refund.refundId);
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 700, heldPoints: 0 });
    // The refunded points no longer count against this month's cap (500): 400 redeemed, 100 back.
    const allowance = async () => (await api(w, r.token).post(`/api/residents/${r.residentId}/redemption-codes`)).body.data.monthlyRemainingPoints as number;
    expect(await allowance()).toBe(200);
    const firstId = first.body.data.refund.refundId as string;
    expect((await w.deps.wechat.pay.queryRefund(firstId)).refundFen).toBe(2000);

    expect((await api(w, w.cashier.token).post(`/api/checkouts/${checkoutId}/refunds`, { refundFen: 9001 })).body.error.code).toBe('refund_exceeds_paid_amount');
    const rest = await api(w, w.cashier.token).post(`/api/checkouts/${checkoutId}/refunds`, { refundFen: 9000 });
    expect(rest.body.data.refund).toMatchObject({ restoredPoints: 300, cashFen: 6000 });
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 1000, heldPoints: 0 });
    expect(await allowance()).toBe(500);
    await waitFor('both refunds succeeded', async () => (await w.deps.models.Refund.countDocuments({ checkoutId, state: 'succeeded' })) === 2, 8000);
    const doc = await checkoutDoc(w, checkoutId);
    expect(doc).toMatchObject({ refundedFen: 12_000, refundedPoints: 400, cashRefundedFen: 8000, refundInProgress: null });
    expect((await api(w, w.cashier.token).post(`/api/checkouts/${checkoutId}/refunds`, { refundFen: 1 })).body.error.code).toBe('refund_exceeds_paid_amount');
  });

  test('a refund of a checkout not completed is refused', async () => {
    const { checkoutId } = await awaitingWechat();
    expect((await api(w, w.cashier.token).post(`/api/checkouts/${checkoutId}/refunds`, { refundFen: 100 })).body.error.code).toBe('checkout_not_completed');
  });

  test('notify acknowledges within milliseconds', async () => {
    const { checkoutId } = await awaitingWechat();
    const n = craftNotification(w, { eventType: 'TRANSACTION.SUCCESS', resource: paidResource(checkoutId, 8000) });
    const res = await postNotification(w, n);
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(500);
  });
});
