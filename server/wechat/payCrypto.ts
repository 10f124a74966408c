import { createDecipheriv, createSign, createVerify, randomBytes } from 'node:crypto';

/**
 * WeChat Pay APIv3 signature checks and callback decryption on Node `crypto`. Our own code because
 * wechatpay-node-v3 2.2.1 never verifies the GCM tag, ignores timestamp freshness and has no
 * WeChat Pay public-key (PUB_KEY_ID_…) mode.
 */

/** Result codes, in the order they are checked. */
export type WechatPaySignatureCheck = 'ok' | 'signature_header_missing' | 'serial_unknown' | 'timestamp_outside_window' | 'signature_invalid';

export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name.toLowerCase()] ?? headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Verifies a response or callback signed by WeChat Pay: the message is `TIMESTAMP\nNONCE\nBODY\n`
 * over the raw body bytes exactly as received (re-serialised JSON would not match).
 */
export function verifyWechatPaySignature(input: {
  headers: HeaderSource;
  rawBody: string | Buffer;
  publicKeyPem: string;
  publicKeyId: string;
  now: Date;
  toleranceSeconds?: number;
}): WechatPaySignatureCheck {
  const timestamp = header(input.headers, 'wechatpay-timestamp');
  const nonce = header(input.headers, 'wechatpay-nonce');
  const signature = header(input.headers, 'wechatpay-signature');
  const serial = header(input.headers, 'wechatpay-serial');
  if (!timestamp || !nonce || !signature || !serial) return 'signature_header_missing';
  if (serial !== input.publicKeyId) return 'serial_unknown';
  const ageSeconds = input.now.getTime() / 1000 - Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(ageSeconds) > (input.toleranceSeconds ?? 300)) return 'timestamp_outside_window';
  const message = Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), Buffer.from(input.rawBody), Buffer.from('\n')]);
  const valid = createVerify('RSA-SHA256').update(message).verify(input.publicKeyPem, signature, 'base64');
  return valid ? 'ok' : 'signature_invalid';
}

const gcmTagBytes = 16;

export type NotificationDecryption = { result: 'ok'; plaintext: string } | { result: 'ciphertext_or_tag_invalid' };

/**
 * AEAD_AES_256_GCM with the APIv3 key: the last 16 bytes of the base64 ciphertext are the tag, and
 * `final()` throws unless the tag matches, so altered ciphertext, nonce or associated data are refused.
 */
export function decryptNotificationResource(input: { ciphertext: string; nonce: string; associatedData: string; apiV3Key: string }): NotificationDecryption {
  const key = Buffer.from(input.apiV3Key, 'utf8');
  if (key.length !== 32) throw new Error('APIv3 key must be 32 bytes');
  const sealed = Buffer.from(input.ciphertext, 'base64');
  if (sealed.length < gcmTagBytes) return { result: 'ciphertext_or_tag_invalid' };
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(input.nonce, 'utf8'), { authTagLength: gcmTagBytes });
    decipher.setAuthTag(sealed.subarray(sealed.length - gcmTagBytes));
    decipher.setAAD(Buffer.from(input.associatedData, 'utf8'));
    const plaintext = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - gcmTagBytes)), decipher.final()]);
    return { result: 'ok', plaintext: plaintext.toString('utf8') };
  } catch {
    return { result: 'ciphertext_or_tag_invalid' };
  }
}

export interface RequestPaymentParams {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

/** What the mini-program passes to `requestPayment`; paySign covers `appid\ntimeStamp\nnonceStr\npackage\n`. */
export function buildRequestPaymentParams(input: { appId: string; prepayId: string; privateKeyPem: string; now?: Date; nonce?: string }): RequestPaymentParams {
  const timeStamp = String(Math.floor((input.now ?? new Date()).getTime() / 1000));
  const nonceStr = input.nonce ?? randomBytes(16).toString('hex');
  const pkg = `prepay_id=${input.prepayId}`;
  const paySign = createSign('RSA-SHA256').update(`${input.appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`).sign(input.privateKeyPem, 'base64');
  return { timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
}
