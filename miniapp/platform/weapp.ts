import Taro from '@tarojs/taro';
import { PlatformError, type Platform, type SubscribeDecision, type SubscribeResult } from './types';

function errMsgOf(cause: unknown): string {
  if (typeof cause === 'object' && cause !== null && 'errMsg' in cause) {
    const { errMsg } = cause as { errMsg: unknown };
    if (typeof errMsg === 'string') return errMsg;
  }
  return '';
}

const subscribeDecisions: readonly string[] = ['accept', 'reject', 'ban', 'filter'];

/** The real WeChat APIs (mini-program only). */
export const weappPlatform: Platform = {
  kind: 'weapp',

  async login() {
    try {
      const { code } = await Taro.login();
      if (!code) throw new PlatformError('login_failed');
      return code;
    } catch (cause) {
      if (cause instanceof PlatformError) throw cause;
      throw new PlatformError('login_failed', cause);
    }
  },

  async scanCode() {
    try {
      const { result } = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode', 'barCode'] });
      return { value: result };
    } catch (cause) {
      throw new PlatformError(/cancel/.test(errMsgOf(cause)) ? 'scan_cancelled' : 'scan_failed', cause);
    }
  },

  async requestPayment(params) {
    try {
      await Taro.requestPayment({ ...params });
    } catch (cause) {
      throw new PlatformError(/cancel/.test(errMsgOf(cause)) ? 'payment_cancelled' : 'payment_failed', cause);
    }
  },

  async requestSubscribeMessage(templateIds) {
    try {
      const response = (await Taro.requestSubscribeMessage({ tmplIds: templateIds, entityIds: [] })) as unknown as Record<string, unknown>;
      const result: SubscribeResult = {};
      for (const id of templateIds) {
        const decision = response[id];
        result[id] = typeof decision === 'string' && subscribeDecisions.includes(decision) ? (decision as SubscribeDecision) : 'reject';
      }
      return result;
    } catch (cause) {
      throw new PlatformError('subscribe_failed', cause);
    }
  },
};
