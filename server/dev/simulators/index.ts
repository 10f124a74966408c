import { generateDevWechatSetup, type DevWechatSetup } from './devKeys';
import { startWechatApiSimulator } from './wechatApi';
import { startWechatPaySimulator } from './wechatPay';

/**
 * Starts both WeChat simulators on loopback for development and tests. `env` is the service's
 * WeChat configuration pointing at them (WECHAT_PAY_NOTIFY_URL is the service's own address and is
 * left to the caller).
 */
export interface WechatSimulators {
  wechatApiBaseUrl: string;
  wechatPayBaseUrl: string;
  setup: DevWechatSetup;
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface WechatSimulatorOptions {
  host?: string;
  /** See WechatPaySimulatorOptions: scales the callback retry schedule. */
  notificationTimeScale?: number;
  refundProcessingMs?: number;
}

export async function startWechatSimulators(
  setup: DevWechatSetup = generateDevWechatSetup(),
  options: WechatSimulatorOptions = {},
): Promise<WechatSimulators> {
  const host = options.host ?? '127.0.0.1';
  const api = await startWechatApiSimulator({ appId: setup.appId, secret: setup.secret, host });
  const pay = await startWechatPaySimulator({
    appId: setup.appId,
    mchId: setup.mchId,
    apiV3Key: setup.apiV3Key,
    merchant: setup.merchant,
    platform: setup.platform,
    host,
    ...(options.notificationTimeScale === undefined ? {} : { notificationTimeScale: options.notificationTimeScale }),
    ...(options.refundProcessingMs === undefined ? {} : { refundProcessingMs: options.refundProcessingMs }),
  });
  return {
    wechatApiBaseUrl: api.baseUrl,
    wechatPayBaseUrl: pay.baseUrl,
    setup,
    env: { ...setup.env, WECHAT_API_BASE_URL: api.baseUrl, WECHAT_PAY_BASE_URL: pay.baseUrl },
    async close() {
      await Promise.all([api.close(), pay.close()]);
    },
  };
}
