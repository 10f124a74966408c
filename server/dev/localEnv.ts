import { randomBytes } from 'node:crypto';

/**
 * The service environment for running locally (demo and tests): simulator-backed WeChat settings
 * plus generated secrets. Production never calls this; its environment comes from the operator.
 */
export function localServiceEnv(input: {
  mongodbUri: string;
  mongodbDb: string;
  port: number;
  simulatorEnv: Record<string, string>;
  dataKeys?: string;
  lookupHmacKey?: string;
  publicDir?: string;
  nodeEnv: 'development' | 'test';
}): Record<string, string> {
  return {
    NODE_ENV: input.nodeEnv,
    HOST: '127.0.0.1',
    PORT: String(input.port),
    MONGODB_URI: input.mongodbUri,
    MONGODB_DB: input.mongodbDb,
    LOG_LEVEL: input.nodeEnv === 'test' ? 'silent' : 'info',
    SIMULATORS: '1',
    DATA_KEYS: input.dataKeys ?? `dev1:${randomBytes(32).toString('base64')}`,
    LOOKUP_HMAC_KEY: input.lookupHmacKey ?? randomBytes(32).toString('base64'),
    WECHAT_PAY_NOTIFY_URL: `http://127.0.0.1:${input.port}/api/payments/wechat/notify`,
    ...(input.publicDir ? { PUBLIC_DIR: input.publicDir } : {}),
    ...input.simulatorEnv,
  };
}
