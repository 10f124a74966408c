import { createSign, createVerify, randomBytes } from 'node:crypto';
import { loadConfig } from '../../../config/service';
import { startWechatSimulators, type WechatSimulators } from '../../../server/dev/simulators';
import { createWechatPayClient, WechatPayError, WechatPayTransportError, type WechatPayClient } from '../../../server/wechat/payClient';
import { verifyWechatPaySignature } from '../../../server/wechat/payCrypto';
import { postJson, startNotifyCapture } from './notifyCapture';

describe('WeChat Pay v3 client against the simulator', () => {
  let sims: WechatSimulators;
  let capture: Awaited<ReturnType<typeof startNotifyCapture>>;
  let client: WechatPayClient;
  let config: ReturnType<typeof loadConfig>;

  beforeAll(async () => {
    [sims, capture] = await Promise.all([startWechatSimulators(undefined, { refundProcessingMs: 50 }), startNotifyCapture()]);
    // The simulators' env is the service's real configuration, parsed by the real loader.
    config = loadConfig({
      ...sims.env,
      MONGODB_URI: 'mongodb://127.0.0.1:1/',
      DATA_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      LOOKUP_HMAC_KEY: randomBytes(32).toString('base64'),
      WECHAT_PAY_NOTIFY_URL: capture.url,
    });
    client = createWechatPayClient({ ...config.wechatPay, appId: config.wechat.appId });
  });
  afterAll(() => Promise.all([sims.close(), capture.close()]));

  const outTradeNo = () => `T${randomBytes(8).toString('hex')}`;
  const order = (no: string, totalFen = 2500) => ({ outTradeNo: no, description: '居民健康存折-积分兑换', totalFen, payerOpenid: 'o-payer-0001' });
  const payControl = (path: string, body: object = {}) => postJson(`${sims.wechatPayBaseUrl}/__sim/pay/${path}`, body);
  const payError = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a WechatPayError'); }, (err: unknown) => err as WechatPayError);

  test('a request signed with a key that is not the merchant key is refused with 401 SIGN_ERROR, itself signed', async () => {
    const path = `/v3/pay/transactions/out-trade-no/${outTradeNo()}?mchid=${sims.setup.mchId}`;
    const { privateKeyPem: forgerKey } = sims.setup.platform;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createSign('RSA-SHA256').update(`GET\n${path}\n${timestamp}\nnonce1\n\n`).sign(forgerKey, 'base64');
    const response = await fetch(`${sims.wechatPayBaseUrl}${path}`, {
      headers: { Authorization: `WECHATPAY2-SHA256-RSA2048 mchid="${sims.setup.mchId}",nonce_str="nonce1",signature="${signature}",timestamp="${timestamp}",serial_no="${sims.setup.merchant.serial}"` },
    });
    const rawBody = await response.text();
    expect(response.status).toBe(401);
    expect(JSON.parse(rawBody)).toMatchObject({ code: 'SIGN_ERROR' });
    expect(verifyWechatPaySignature({ headers: response.headers, rawBody, publicKeyPem: sims.setup.platform.publicKeyPem, publicKeyId: sims.setup.platform.publicKeyId, now: new Date() })).toBe('ok');
  });

  test('a correctly signed request more than 5 minutes old is refused with 401 SIGN_ERROR', async () => {
    const path = `/v3/pay/transactions/out-trade-no/${outTradeNo()}?mchid=${sims.setup.mchId}`;
    const timestamp = String(Math.floor(Date.now() / 1000) - 301);
    const signature = createSign('RSA-SHA256').update(`GET\n${path}\n${timestamp}\nnonce2\n\n`).sign(sims.setup.merchant.privateKeyPem, 'base64');
    const response = await fetch(`${sims.wechatPayBaseUrl}${path}`, {
      headers: { Authorization: `WECHATPAY2-SHA256-RSA2048 mchid="${sims.setup.mchId}",nonce_str="nonce2",signature="${signature}",timestamp="${timestamp}",serial_no="${sims.setup.merchant.serial}"` },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'SIGN_ERROR' });
  });

  test('create gives a prepay_id; the same request again gives the same one; different parameters are refused', async () => {
    const no = outTradeNo();
    const { prepayId } = await client.createJsapiOrder(order(no));
    expect(prepayId).toMatch(/^wx/);
    expect(await client.createJsapiOrder(order(no))).toEqual({ prepayId });
    const duplicate = await payError(client.createJsapiOrder(order(no, 2600)));
    expect(duplicate).toBeInstanceOf(WechatPayError);
    expect([duplicate.status, duplicate.code]).toEqual([400, 'INVALID_REQUEST']);
    const invalid = await payError(client.createJsapiOrder({ ...order(outTradeNo()), totalFen: 0 }));
    expect([invalid.status, invalid.code]).toEqual([400, 'PARAM_ERROR']);
  });

  test('requestPayment parameters are signed with the merchant key over appid, timeStamp, nonceStr, package', async () => {
    const { prepayId } = await client.createJsapiOrder(order(outTradeNo()));
    const params = client.requestPaymentParams(prepayId);
    expect(params.package).toBe(`prepay_id=${prepayId}`);
    const message = `${sims.setup.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`;
    expect(createVerify('RSA-SHA256').update(message).verify(sims.setup.merchant.publicKeyPem, params.paySign, 'base64')).toBe(true);
  });

  test('query follows the order through NOTPAY, SUCCESS; an unknown order is 404 ORDER_NOT_EXIST', async () => {
    const no = outTradeNo();
    await client.createJsapiOrder(order(no));
    expect(await client.queryOrderByOutTradeNo(no)).toMatchObject({ outTradeNo: no, tradeState: 'NOTPAY', totalFen: 2500 });
    expect((await payControl(`orders/${no}/succeed`, { notification: 'never' })).status).toBe(200);
    expect(await client.queryOrderByOutTradeNo(no)).toMatchObject({ tradeState: 'SUCCESS', totalFen: 2500, payerTotalFen: 2500, payerOpenid: 'o-payer-0001', transactionId: expect.stringMatching(/^42/) });
    const missing = await payError(client.queryOrderByOutTradeNo(outTradeNo()));
    expect([missing.status, missing.code]).toEqual([404, 'ORDER_NOT_EXIST']);
  });

  test('close ends an unpaid order (204, CLOSED, idempotent); a paid order cannot be closed', async () => {
    const unpaid = outTradeNo();
    await client.createJsapiOrder(order(unpaid));
    await client.closeOrder(unpaid);
    await client.closeOrder(unpaid);
    expect((await client.queryOrderByOutTradeNo(unpaid)).tradeState).toBe('CLOSED');
    const paid = outTradeNo();
    await client.createJsapiOrder(order(paid));
    await payControl(`orders/${paid}/succeed`, { notification: 'never' });
    const refused = await payError(client.closeOrder(paid));
    expect([refused.status, refused.code]).toEqual([400, 'ORDERPAID']);
  });

  test('a failed payment shows PAYERROR', async () => {
    const no = outTradeNo();
    await client.createJsapiOrder(order(no));
    await payControl(`orders/${no}/fail`);
    expect((await client.queryOrderByOutTradeNo(no)).tradeState).toBe('PAYERROR');
  });

  test('refunds: PROCESSING then SUCCESS, idempotent by out_refund_no, never above what was paid', async () => {
    const no = outTradeNo();
    await client.createJsapiOrder(order(no, 1000));
    await payControl(`orders/${no}/succeed`, { notification: 'never' });
    const first = await client.createRefund({ outTradeNo: no, outRefundNo: `R${no}a`, refundFen: 600, totalFen: 1000, reason: '积分兑换取消' });
    expect(first).toMatchObject({ status: 'PROCESSING', refundFen: 600, totalFen: 1000 });
    expect(await client.createRefund({ outTradeNo: no, outRefundNo: `R${no}a`, refundFen: 600, totalFen: 1000, reason: '积分兑换取消' })).toMatchObject({ refundId: first.refundId });
    const tooMuch = await payError(client.createRefund({ outTradeNo: no, outRefundNo: `R${no}b`, refundFen: 401, totalFen: 1000 }));
    expect([tooMuch.status, tooMuch.code]).toEqual([400, 'INVALID_REQUEST']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await client.queryRefund(`R${no}a`)).toMatchObject({ status: 'SUCCESS', refundId: first.refundId, successTime: expect.stringMatching(/\+08:00$/) });
    expect((await client.queryOrderByOutTradeNo(no)).tradeState).toBe('REFUND');
    const unknown = await payError(client.queryRefund(`R${outTradeNo()}`));
    expect([unknown.status, unknown.code]).toEqual([404, 'RESOURCE_NOT_EXISTS']);
  });

  test('a response whose body was altered after WeChat Pay signed it is rejected', async () => {
    const no = outTradeNo();
    await client.createJsapiOrder(order(no));
    await payControl('tamper-next-response');
    const rejected = await client.queryOrderByOutTradeNo(no).catch((err: unknown) => err);
    expect(rejected).toBeInstanceOf(WechatPayTransportError);
    expect((rejected as WechatPayTransportError).reason).toBe('signature_invalid');
    expect((await client.queryOrderByOutTradeNo(no)).tradeState).toBe('NOTPAY');
  });

  test('a client holding the wrong WeChat Pay public key trusts no response', async () => {
    const misconfigured = createWechatPayClient({ ...config.wechatPay, appId: config.wechat.appId, publicKeyPem: sims.setup.merchant.publicKeyPem });
    const rejected = await misconfigured.queryOrderByOutTradeNo(outTradeNo()).catch((err: unknown) => err);
    expect((rejected as WechatPayTransportError).reason).toBe('signature_invalid');
  });
});
