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

/** WeChat's 标准 font size on iOS, in px (larger settings report 18–24 px; 关怀模式 ≈ 23.8). */
const standardFontSizePx = 17;

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

  async makePhoneCall(phoneNumber) {
    // Cancelling the call sheet is not an error the user needs to read about.
    await Taro.makePhoneCall({ phoneNumber }).catch(() => undefined);
  },

  async shareToFriend() {
    // WeChat shares through the page's share button and its onShareAppMessage; nothing to call here.
  },

  canGetPhoneNumber: true,

  async getPhoneNumber(eventDetail) {
    const detail = (typeof eventDetail === 'object' && eventDetail !== null ? eventDetail : {}) as { code?: unknown; errMsg?: unknown };
    if (typeof detail.code === 'string' && detail.code !== '') return detail.code;
    // "getPhoneNumber:fail user deny" and friends: the user said no, or the quota ran out.
    throw new PlatformError(/deny|cancel/.test(typeof detail.errMsg === 'string' ? detail.errMsg : '') ? 'phone_denied' : 'phone_unavailable', detail);
  },

  systemFontScale() {
    try {
      const info = Taro.getAppBaseInfo() as { fontSizeScaleFactor?: unknown; fontSizeSetting?: unknown };
      if (typeof info.fontSizeScaleFactor === 'number' && info.fontSizeScaleFactor > 0) return info.fontSizeScaleFactor;
      if (typeof info.fontSizeSetting === 'number' && info.fontSizeSetting > 0) return info.fontSizeSetting / standardFontSizePx;
    } catch {
      // Older base library without getAppBaseInfo: nothing to follow.
    }
    return null;
  },

  onNetworkRestored(callback) {
    Taro.onNetworkStatusChange(({ isConnected }) => {
      if (isConnected) callback();
    });
  },

  privacyAgreeOpenType: 'agreePrivacyAuthorization',

  async requirePrivacyAuthorize() {
    // Callback form: this API is not in every base library's promisified list.
    await new Promise<void>((resolve, reject) => {
      Taro.requirePrivacyAuthorize({
        success: () => resolve(),
        fail: (cause: unknown) => reject(new PlatformError('privacy_denied', cause)),
      });
    });
  },
};
