import type { Connection } from 'mongoose';
import type { ServiceConfig } from '../config/service';
import type { Clock } from './clock';
import type { Models } from './db/models';
import type { Logger } from './logger';
import type { MiniProgramClient } from './wechat/miniProgramClient';
import type { WechatPayClient } from './wechat/payClient';

/** Everything a route, command or job needs, passed explicitly (no module-level singletons). */
export interface AppDeps {
  config: ServiceConfig;
  connection: Connection;
  models: Models;
  logger: Logger;
  clock: Clock;
  wechat: { miniProgram: MiniProgramClient; pay: WechatPayClient };
  /** Identifies this process in job leases and logs. */
  instanceId: string;
}
