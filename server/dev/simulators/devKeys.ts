import { createHash, generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';

/**
 * Keys and identities for development and tests, generated at run time so none is ever committed.
 * The merchant key pair stands for the merchant API certificate (WeChat Pay verifies our requests
 * with its public half); the platform key pair is WeChat Pay's own "public key" mode key
 * (PUB_KEY_ID_…), which signs responses and callbacks.
 */
export interface DevWechatSetup {
  appId: string;
  secret: string;
  mchId: string;
  apiV3Key: string;
  merchant: { serial: string; privateKeyPem: string; publicKeyPem: string };
  platform: { publicKeyId: string; privateKeyPem: string; publicKeyPem: string };
  /** The service's config variables for this setup, without the base URLs (known once simulators listen). */
  env: Record<string, string>;
}

const alphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function generateDevWechatSetup(): DevWechatSetup {
  const appId = `wx${randomBytes(8).toString('hex')}`;
  const secret = randomBytes(16).toString('hex');
  const mchId = `1${String(randomInt(100_000_000, 999_999_999))}`;
  // APIv3 keys are 32 printable characters, used as their UTF-8 bytes (the AES-256 key).
  const apiV3Key = Array.from({ length: 32 }, () => alphanumeric[randomInt(alphanumeric.length)]).join('');
  const merchantKeys = rsaKeyPair();
  const platformKeys = rsaKeyPair();
  const merchant = { serial: randomBytes(20).toString('hex').toUpperCase(), ...merchantKeys };
  const platform = { publicKeyId: `PUB_KEY_ID_${mchId}${digitsOf(platformKeys.publicKeyPem)}`, ...platformKeys };
  return {
    appId,
    secret,
    mchId,
    apiV3Key,
    merchant,
    platform,
    env: {
      WECHAT_APPID: appId,
      WECHAT_SECRET: secret,
      WECHAT_PAY_MCHID: mchId,
      WECHAT_PAY_MERCHANT_SERIAL: merchant.serial,
      WECHAT_PAY_MERCHANT_PRIVATE_KEY: merchant.privateKeyPem,
      WECHAT_PAY_APIV3_KEY: apiV3Key,
      WECHAT_PAY_PUBLIC_KEY_ID: platform.publicKeyId,
      WECHAT_PAY_PUBLIC_KEY: platform.publicKeyPem,
    },
  };
}

function rsaKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Real public-key ids are all digits after the prefix; derive them from the key so they are stable for it. */
function digitsOf(text: string): string {
  const hash = createHash('sha256').update(text).digest();
  return Array.from(hash.subarray(0, 16), (byte) => String(byte % 10)).join('');
}
