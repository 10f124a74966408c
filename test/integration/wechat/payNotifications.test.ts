import { createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { startWechatSimulators, type WechatSimulators } from '../../../server/dev/simulators';
import type { NotificationDelivery } from '../../../server/dev/simulators/wechatPayNotifier';
import { createWechatPayClient, type WechatPayClient } from '../../../server/wechat/payClient';
import { decryptNotificationResource, verifyWechatPaySignature } from '../../../server/wechat/payCrypto';
import { getJson, postJson, startNotifyCapture, type CapturedCallback } from './notifyCapture';

interface CallbackBody {
  id: string;
  create_time: string;
  event_type: string;
  resource_type: string;
  summary: string;
  resource: { algorithm: string; ciphertext: string; nonce: string; associated_data: string; original_type: string };
}

describe('WeChat Pay callbacks: delivery by the simulator, verification and decryption by the service code', () => {
  let sims: WechatSimulators;
  let capture: Awaited<ReturnType<typeof startNotifyCapture>>;
  let client: WechatPayClient;

  beforeAll(async () => {
    capture = await startNotifyCapture();
    // 0.001: the 15 s / 15 s / 30 s … retry schedule runs in 15 ms / 15 ms / 30 ms …
    sims = await startWechatSimulators(undefined, { notificationTimeScale: 0.001, refundProcessingMs: 30 });
    const { setup } = sims;
    client = createWechatPayClient({
      appId: setup.appId,
      baseUrl: sims.wechatPayBaseUrl,
      mchId: setup.mchId,
      merchantSerial: setup.merchant.serial,
      merchantPrivateKeyPem: setup.merchant.privateKeyPem,
      apiV3Key: setup.apiV3Key,
      publicKeyId: setup.platform.publicKeyId,
      publicKeyPem: setup.platform.publicKeyPem,
      notifyUrl: capture.url,
    });
  });
  afterAll(() => Promise.all([sims.close(), capture.close()]));
  beforeEach(() => capture.reset());

  const verify = (callback: Pick<CapturedCallback, 'headers' | 'rawBody'>, now = new Date()) =>
    verifyWechatPaySignature({ headers: callback.headers, rawBody: callback.rawBody, publicKeyPem: sims.setup.platform.publicKeyPem, publicKeyId: sims.setup.platform.publicKeyId, now });
  const bodyOf = (callback: CapturedCallback) => JSON.parse(callback.rawBody.toString('utf8')) as CallbackBody;
  const decrypt = (resource: CallbackBody['resource']) =>
    decryptNotificationResource({ ciphertext: resource.ciphertext, nonce: resource.nonce, associatedData: resource.associated_data, apiV3Key: sims.setup.apiV3Key });
  const plaintextOf = (callback: CapturedCallback) => {
    const decrypted = decrypt(bodyOf(callback).resource);
    if (decrypted.result !== 'ok') throw new Error(decrypted.result);
    return JSON.parse(decrypted.plaintext) as Record<string, unknown>;
  };
  const deliveriesFor = async (outTradeNo: string) =>
    (await getJson<{ deliveries: NotificationDelivery[] }>(`${sims.wechatPayBaseUrl}/__sim/pay/notifications`)).deliveries.filter((d) => d.outTradeNo === outTradeNo);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function paidOrder(notification: object = {}): Promise<string> {
    const outTradeNo = `T${randomBytes(8).toString('hex')}`;
    await client.createJsapiOrder({ outTradeNo, description: '居民健康存折-测试', totalFen: 1990, payerOpenid: 'o-payer-notify' });
    const completed = await postJson(`${sims.wechatPayBaseUrl}/__sim/pay/orders/${outTradeNo}/succeed`, notification);
    expect(completed.status).toBe(200);
    return outTradeNo;
  }

  test('a delivered payment callback verifies over its raw body and decrypts to the transaction', async () => {
    const outTradeNo = await paidOrder();
    const [callback] = await capture.waitForCount(1);
    if (!callback) throw new Error('no callback');
    expect(verify(callback)).toBe('ok');
    expect(bodyOf(callback)).toMatchObject({
      event_type: 'TRANSACTION.SUCCESS',
      resource_type: 'encrypt-resource',
      summary: '支付成功',
      create_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/),
      resource: { algorithm: 'AEAD_AES_256_GCM', associated_data: 'transaction', original_type: 'transaction' },
    });
    expect(plaintextOf(callback)).toMatchObject({
      mchid: sims.setup.mchId,
      appid: sims.setup.appId,
      out_trade_no: outTradeNo,
      transaction_id: expect.any(String),
      trade_state: 'SUCCESS',
      payer: { openid: 'o-payer-notify' },
      amount: { total: 1990, payer_total: 1990, currency: 'CNY' },
    });
  });

  test('tampered ciphertext, tampered tag, forged signature, wrong serial, stale timestamp: each refused with its own result code', async () => {
    await paidOrder();
    const [callback] = await capture.waitForCount(1);
    if (!callback) throw new Error('no callback');
    const body = bodyOf(callback);
    const flip = (base64: string, indexFromEnd: number) => {
      const bytes = Buffer.from(base64, 'base64');
      const index = bytes.length - indexFromEnd;
      bytes[index] = (bytes[index] ?? 0) ^ 0x80;
      return bytes.toString('base64');
    };
    for (const indexFromEnd of [30, 1]) {
      // 30 bytes from the end is ciphertext; the last 16 bytes are the GCM tag.
      const resource = { ...body.resource, ciphertext: flip(body.resource.ciphertext, indexFromEnd) };
      const rawBody = Buffer.from(JSON.stringify({ ...body, resource }));
      expect(verify({ headers: callback.headers, rawBody })).toBe('signature_invalid');
      expect(decrypt(resource)).toEqual({ result: 'ciphertext_or_tag_invalid' });
    }
    const forgerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const { 'wechatpay-timestamp': timestamp, 'wechatpay-nonce': nonce } = callback.headers;
    const forged = createSign('RSA-SHA256').update(`${String(timestamp)}\n${String(nonce)}\n${callback.rawBody.toString()}\n`).sign(forgerKey, 'base64');
    expect(verify({ headers: { ...callback.headers, 'wechatpay-signature': forged }, rawBody: callback.rawBody })).toBe('signature_invalid');
    expect(verify({ headers: { ...callback.headers, 'wechatpay-serial': 'PUB_KEY_ID_0000000000000000000000000000' }, rawBody: callback.rawBody })).toBe('serial_unknown');
    // The same callback replayed six minutes later.
    expect(verify(callback, new Date(Date.now() + 6 * 60_000))).toBe('timestamp_outside_window');
    expect(verify({ headers: { ...callback.headers, 'wechatpay-nonce': undefined }, rawBody: callback.rawBody })).toBe('signature_header_missing');
  });

  test('a callback not answered 2xx is retried on the schedule, re-signed each time, with the same notification id', async () => {
    capture.answerNextWith(500, 503);
    const outTradeNo = await paidOrder();
    const callbacks = await capture.waitForCount(3);
    expect(callbacks.map((c) => verify(c))).toEqual(['ok', 'ok', 'ok']);
    expect(new Set(callbacks.map((c) => bodyOf(c).id)).size).toBe(1);
    const deliveries = await deliveriesFor(outTradeNo);
    expect(deliveries.map((d) => [d.attempt, d.status])).toEqual([[1, 500], [2, 503], [3, 200]]);
    expect((deliveries[1]?.deliveredAtMs ?? 0) - (deliveries[0]?.deliveredAtMs ?? 0)).toBeGreaterThanOrEqual(14);
  });

  test('twice: the same notification is delivered again after being answered', async () => {
    const outTradeNo = await paidOrder({ notification: 'twice' });
    const callbacks = await capture.waitForCount(2);
    expect(callbacks.map((c) => verify(c))).toEqual(['ok', 'ok']);
    expect(bodyOf(callbacks[0]!).id).toBe(bodyOf(callbacks[1]!).id);
    expect((await deliveriesFor(outTradeNo)).map((d) => d.status)).toEqual([200, 200]);
  });

  test('delayed: the callback comes only after the given delay', async () => {
    const startedAtMs = Date.now();
    await paidOrder({ notification: 'delayed', delayMs: 300 });
    await sleep(100);
    expect(capture.received).toHaveLength(0);
    const [callback] = await capture.waitForCount(1);
    expect((callback?.receivedAtMs ?? 0) - startedAtMs).toBeGreaterThanOrEqual(300);
  });

  test('never: no callback arrives, and querying the order shows it paid', async () => {
    const outTradeNo = await paidOrder({ notification: 'never' });
    await sleep(150);
    expect(capture.received).toHaveLength(0);
    expect((await client.queryOrderByOutTradeNo(outTradeNo)).tradeState).toBe('SUCCESS');
  });

  test('refund_first: the refund callback arrives before the payment callback', async () => {
    const outTradeNo = await paidOrder({ notification: 'refund_first' });
    await sleep(50);
    expect(capture.received).toHaveLength(0);
    await client.createRefund({ outTradeNo, outRefundNo: `R${outTradeNo}`, refundFen: 1990, totalFen: 1990 });
    const callbacks = await capture.waitForCount(2);
    expect(callbacks.map((c) => bodyOf(c).event_type)).toEqual(['REFUND.SUCCESS', 'TRANSACTION.SUCCESS']);
    expect(callbacks.map((c) => verify(c))).toEqual(['ok', 'ok']);
    expect(bodyOf(callbacks[0]!)).toMatchObject({ summary: '退款成功', resource: { original_type: 'refund', associated_data: 'refund' } });
    expect(plaintextOf(callbacks[0]!)).toMatchObject({ out_trade_no: outTradeNo, out_refund_no: `R${outTradeNo}`, refund_status: 'SUCCESS', amount: { refund: 1990, total: 1990 } });
  });
});
