import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../config/service';
import { generateDevWechatSetup } from '../../server/dev/simulators/devKeys';

const wechat = generateDevWechatSetup().env;
const valid = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017',
  DATA_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  LOOKUP_HMAC_KEY: randomBytes(32).toString('base64'),
  WECHAT_PAY_NOTIFY_URL: 'https://example.org/api/payments/wechat/notify',
  ...wechat,
};

const problemsOf = (env: Record<string, string | undefined>) => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
};

describe('service configuration', () => {
  test('a complete environment loads with defaults filled in', () => {
    const config = loadConfig(valid);
    expect(config.port).toBe(3000);
    expect(config.simulatorsEnabled).toBe(false);
    expect(config.wechatPay.merchantPrivateKeyPem).toContain('BEGIN PRIVATE KEY');
  });

  test.each([
    ['MONGODB_URI', { MONGODB_URI: undefined }],
    ['MONGODB_URI', { MONGODB_URI: 'postgres://x' }],
    ['PORT', { PORT: 'eighty' }],
    ['DATA_KEYS', { DATA_KEYS: 'k1:short' }],
    ['LOOKUP_HMAC_KEY', { LOOKUP_HMAC_KEY: 'abc' }],
    ['WECHAT_PAY_PUBLIC_KEY_ID', { WECHAT_PAY_PUBLIC_KEY_ID: 'serial123' }],
    ['WECHAT_PAY_MERCHANT_PRIVATE_KEY', { WECHAT_PAY_MERCHANT_PRIVATE_KEY: '/no/such/file.pem' }],
  ])('a bad %s stops start-up with a message naming it', (name, override) => {
    const problems = problemsOf({ ...valid, ...override });
    expect(problems.join('\n')).toContain(name);
  });

  test('simulators cannot be enabled in production, and WeChat URLs must be https there', () => {
    const problems = problemsOf({ ...valid, NODE_ENV: 'production', SIMULATORS: '1', WECHAT_API_BASE_URL: 'http://127.0.0.1:1' });
    expect(problems.join('\n')).toContain('SIMULATORS');
    expect(problems.join('\n')).toContain('WECHAT_API_BASE_URL');
  });

  test('key rotation: the first key encrypts, every listed key decrypts', () => {
    const second = `k0:${randomBytes(32).toString('base64')}`;
    const config = loadConfig({ ...valid, DATA_KEYS: `${valid.DATA_KEYS},${second}` });
    expect(config.crypto.dataKeys.activeKeyId).toBe('k1');
    expect([...config.crypto.dataKeys.keys.keys()]).toEqual(['k1', 'k0']);
  });
});
