import { loadConfig, type ServiceConfig } from '../../config/service';
import type { Clock } from '../../server/clock';
import { freeLoopbackPort } from '../../server/dev/localMongo';
import { localServiceEnv } from '../../server/dev/localEnv';
import { startWechatSimulators, type WechatSimulators } from '../../server/dev/simulators';
import { startService, type ServiceHandle } from '../../server/service';
import { testDatabaseName, testMongoUri } from './db';

export interface TestStack {
  url: string;
  config: ServiceConfig;
  env: Record<string, string>;
  service: ServiceHandle;
  simulators: WechatSimulators;
  stop(): Promise<void>;
}

/**
 * A real service instance on a free loopback port with its own database and its own WeChat
 * simulators. `sameDatabaseAs` starts a second instance sharing the first one's database and
 * simulators, as two instances behind a load balancer would; `mongodbUri` points it at another
 * database server than the run's (a fault test's own engine).
 */
export async function startTestStack(
  options: { clock?: Clock; env?: Record<string, string>; sameDatabaseAs?: TestStack; publicDir?: string; mongodbUri?: string; monitorCommands?: boolean } = {},
): Promise<TestStack> {
  const shared = options.sameDatabaseAs;
  const simulators = shared?.simulators ?? (await startWechatSimulators());
  const port = await freeLoopbackPort();
  const env = {
    ...localServiceEnv({
      nodeEnv: 'test',
      mongodbUri: options.mongodbUri ?? shared?.config.mongodbUri ?? testMongoUri(),
      mongodbDb: shared?.config.mongodbDb ?? testDatabaseName(),
      port,
      simulatorEnv: simulators.env,
      publicDir: options.publicDir,
      ...(shared ? { dataKeys: shared.env.DATA_KEYS, lookupHmacKey: shared.env.LOOKUP_HMAC_KEY } : {}),
    }),
    JOBS_ENABLED: '0',
    ...options.env,
  };
  const config = loadConfig(env);
  const service = await startService(config, { clock: options.clock, monitorCommands: options.monitorCommands });
  const stack = {
    url: service.url,
    config,
    service,
    simulators,
    env,
    stop: async () => {
      if (!shared) await service.deps.connection.dropDatabase();
      await service.stop();
      if (!shared) await simulators.close();
    },
  };
  return stack;
}
