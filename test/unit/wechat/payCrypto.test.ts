import { createVerify, generateKeyPairSync } from 'node:crypto';
import Pay from 'wechatpay-node-v3';
import { encryptResource, platformSignatureHeaders } from '../../../server/dev/simulators/wechatPaySigning';
import { buildRequestPaymentParams, decryptNotificationResource, verifyWechatPaySignature } from '../../../server/wechat/payCrypto';

const pem = () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
};
const platform = { publicKeyId: 'PUB_KEY_ID_0112345678901234567890', ...pem() };
const apiV3Key = 'abcdefghijklmnopqrstuvwxyz012345';

function signedBody(body: string, nowMs = Date.now()) {
  return { rawBody: body, headers: Object.fromEntries(Object.entries(platformSignatureHeaders(body, platform, nowMs)).map(([k, v]) => [k.toLowerCase(), v])) };
}
const verify = (rawBody: string | Buffer, headers: Record<string, string | undefined>, now = new Date()) =>
  verifyWechatPaySignature({ headers, rawBody, publicKeyPem: platform.publicKeyPem, publicKeyId: platform.publicKeyId, now });

function flipByte(base64: string, indexFromEnd: number): string {
  const bytes = Buffer.from(base64, 'base64');
  const index = bytes.length - indexFromEnd;
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

describe('verifyWechatPaySignature', () => {
  const body = '{"id":"n1","summary":"支付成功"}';

  test('accepts a body signed by the platform key, from a Headers object too', () => {
    const { rawBody, headers } = signedBody(body);
    expect(verify(rawBody, headers)).toBe('ok');
    expect(verify(Buffer.from(rawBody), headers)).toBe('ok');
    expect(verifyWechatPaySignature({ headers: new Headers(headers as Record<string, string>), rawBody, publicKeyPem: platform.publicKeyPem, publicKeyId: platform.publicKeyId, now: new Date() })).toBe('ok');
  });

  test('rejects each defect with its own result code, in precedence order', () => {
    const { rawBody, headers } = signedBody(body);
    expect(verify(rawBody, { ...headers, 'wechatpay-signature': undefined })).toBe('signature_header_missing');
    expect(verify(rawBody, { ...headers, 'wechatpay-serial': 'PUB_KEY_ID_other' })).toBe('serial_unknown');
    expect(verify(rawBody, headers, new Date(Date.now() + 301_000))).toBe('timestamp_outside_window');
    expect(verify(rawBody, headers, new Date(Date.now() - 301_000))).toBe('timestamp_outside_window');
    expect(verify(rawBody, { ...headers, 'wechatpay-timestamp': 'abc' })).toBe('timestamp_outside_window');
    expect(verify(rawBody.replace('n1', 'n2'), headers)).toBe('signature_invalid');
    // Re-serialised JSON is not the raw body: whitespace changes break the signature.
    expect(verify(JSON.stringify(JSON.parse(rawBody), null, 1), headers)).toBe('signature_invalid');
    const forger = { ...platform, ...pem() };
    expect(verify(rawBody, { ...headers, 'wechatpay-signature': platformSignatureHeaders(rawBody, forger, Date.now())['Wechatpay-Signature'] })).toBe('signature_invalid');
  });
});

describe('decryptNotificationResource', () => {
  const plaintext = JSON.stringify({ out_trade_no: 'T20240520001', trade_state: 'SUCCESS', amount: { total: 100 } });
  const sealed = encryptResource(plaintext, apiV3Key, 'transaction');
  const decrypt = (overrides: Partial<{ ciphertext: string; nonce: string; associatedData: string }>) =>
    decryptNotificationResource({ ciphertext: sealed.ciphertext, nonce: sealed.nonce, associatedData: sealed.associated_data, apiV3Key, ...overrides });

  test('returns the plaintext of an authentic resource', () => {
    expect(decrypt({})).toEqual({ result: 'ok', plaintext });
  });

  test('refuses altered ciphertext, tag, associated data, nonce or a truncated body', () => {
    const refused = { result: 'ciphertext_or_tag_invalid' };
    expect(decrypt({ ciphertext: flipByte(sealed.ciphertext, 20) })).toEqual(refused);
    expect(decrypt({ ciphertext: flipByte(sealed.ciphertext, 1) })).toEqual(refused);
    expect(decrypt({ associatedData: 'refund' })).toEqual(refused);
    expect(decrypt({ nonce: 'AAAAAAAAAAAA' })).toEqual(refused);
    expect(decrypt({ ciphertext: Buffer.from('short').toString('base64') })).toEqual(refused);
  });

  test('wechatpay-node-v3 2.2.1 decrypts a resource with a forged tag without noticing (why we do not use it)', () => {
    const library = new Pay({ appid: 'wx0', mchid: '1', serial_no: 'S', publicKey: Buffer.from(platform.publicKeyPem), privateKey: Buffer.from(platform.privateKeyPem) });
    const forgedTag = flipByte(sealed.ciphertext, 1);
    expect(library.decipher_gcm(forgedTag, sealed.associated_data, sealed.nonce, apiV3Key)).toEqual(JSON.parse(plaintext));
    expect(decrypt({ ciphertext: forgedTag }).result).toBe('ciphertext_or_tag_invalid');
  });
});

describe('buildRequestPaymentParams', () => {
  const merchant = pem();

  test('signs appid, timeStamp, nonceStr and package with the merchant key', () => {
    const params = buildRequestPaymentParams({ appId: 'wx1234', prepayId: 'wx20240520abc', privateKeyPem: merchant.privateKeyPem, now: new Date(1_716_000_000_123), nonce: 'n0nce' });
    expect(params).toMatchObject({ timeStamp: '1716000000', nonceStr: 'n0nce', package: 'prepay_id=wx20240520abc', signType: 'RSA' });
    const message = 'wx1234\n1716000000\nn0nce\nprepay_id=wx20240520abc\n';
    expect(createVerify('RSA-SHA256').update(message).verify(merchant.publicKeyPem, params.paySign, 'base64')).toBe(true);
  });

  test('draws a fresh random nonce each time', () => {
    const a = buildRequestPaymentParams({ appId: 'wx1', prepayId: 'p', privateKeyPem: merchant.privateKeyPem });
    const b = buildRequestPaymentParams({ appId: 'wx1', prepayId: 'p', privateKeyPem: merchant.privateKeyPem });
    expect(a.nonceStr).toMatch(/^[0-9a-f]{32}$/);
    expect(a.nonceStr).not.toBe(b.nonceStr);
  });
});
