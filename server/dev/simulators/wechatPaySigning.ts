import { createCipheriv, createSign, createVerify, randomBytes } from 'node:crypto';

/**
 * WeChat Pay's side of the APIv3 signatures, written independently of the service's payCrypto so a
 * mistake in one is caught by the other: it checks the merchant's Authorization header and signs
 * what WeChat Pay sends (responses and callbacks) with the platform key.
 */
const authorizationScheme = 'WECHATPAY2-SHA256-RSA2048';
const timestampToleranceSeconds = 300;

export type MerchantSignatureCheck =
  | 'ok'
  | 'authorization_missing_or_malformed'
  | 'mchid_mismatch'
  | 'serial_unknown'
  | 'timestamp_outside_window'
  | 'signature_invalid';

export function checkMerchantSignature(input: {
  method: string;
  pathWithQuery: string;
  rawBody: string;
  authorization: string | undefined;
  mchId: string;
  merchantSerial: string;
  merchantPublicKeyPem: string;
  nowMs: number;
}): MerchantSignatureCheck {
  const params = parseAuthorization(input.authorization);
  if (!params) return 'authorization_missing_or_malformed';
  const { mchid, nonce_str: nonce, timestamp, serial_no: serial, signature } = params;
  if (!mchid || !nonce || !timestamp || !serial || !signature) return 'authorization_missing_or_malformed';
  if (mchid !== input.mchId) return 'mchid_mismatch';
  if (serial !== input.merchantSerial) return 'serial_unknown';
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(input.nowMs / 1000 - Number(timestamp)) > timestampToleranceSeconds) {
    return 'timestamp_outside_window';
  }
  const message = `${input.method}\n${input.pathWithQuery}\n${timestamp}\n${nonce}\n${input.rawBody}\n`;
  const valid = createVerify('RSA-SHA256').update(message).verify(input.merchantPublicKeyPem, signature, 'base64');
  return valid ? 'ok' : 'signature_invalid';
}

function parseAuthorization(header: string | undefined): Record<string, string> | undefined {
  if (!header?.startsWith(`${authorizationScheme} `)) return undefined;
  const params: Record<string, string> = {};
  for (const match of header.slice(authorizationScheme.length + 1).matchAll(/(\w+)="([^"]*)"/g)) {
    const [, key, value] = match;
    if (key !== undefined && value !== undefined) params[key] = value;
  }
  return params;
}

/** The Wechatpay-* headers over `TIMESTAMP\nNONCE\nBODY\n`, signed with the platform private key. */
export function platformSignatureHeaders(
  rawBody: string,
  platform: { publicKeyId: string; privateKeyPem: string },
  nowMs: number,
): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const nonce = randomBytes(16).toString('hex').toUpperCase();
  const signature = createSign('RSA-SHA256').update(`${timestamp}\n${nonce}\n${rawBody}\n`).sign(platform.privateKeyPem, 'base64');
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signature,
    'Wechatpay-Serial': platform.publicKeyId,
  };
}

/** AEAD_AES_256_GCM as WeChat Pay uses it: 12-character nonce, ciphertext with the 16-byte tag appended, base64. */
export function encryptResource(plaintext: string, apiV3Key: string, associatedData: string) {
  const nonce = randomBytes(9).toString('base64url');
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(nonce), { authTagLength: 16 });
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: ciphertext.toString('base64'), associated_data: associatedData, nonce };
}
