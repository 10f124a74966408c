import Taro from '@tarojs/taro';
import { apiRequest, isApiError } from '../services/http';
import { PlatformError, type Platform, type SubscribeDecision, type SubscribeResult } from './types';

/**
 * H5 development stand-ins for the WeChat-only APIs. They call the service's simulator routes,
 * which exist only when the service runs with SIMULATORS=1 (never in production). This module is
 * compiled out of the weapp build (see platform/index.ts).
 *
 *   login()                   POST /api/dev/wechat/login-code     { openidHint?: string } → { data: { code } }
 *   requestPayment(params)    POST /api/dev/wechat/pay/confirm    { package }             → { data: … }
 *   requestSubscribeMessage() POST /api/dev/wechat/subscriptions  { templateIds }         → { data: { results? } }
 *   scanCode({ fallbackInput }) resolves with fallbackInput (no camera, no prompt).
 *   makePhoneCall(number)     a `tel:` link (phones dial it); the number is kept as data-last-dialed.
 *   shareToFriend(message)    the page's H5 link to the clipboard; kept as data-last-shared.
 *   getPhoneNumber()          not available (no stand-in route): the bind form offers a typed phone.
 *   requirePrivacyAuthorize() resolves: on H5 the guide is agreed through our consent API only.
 *   systemFontScale()         the browser's default font size ÷ 16, or `?fontScale=` (dev and tests).
 *   onNetworkRestored(cb)     the window's `online` event.
 */

/** Which simulated WeChat user to log in as, remembered across reloads. */
const openidHintStorageKey = 'pb.dev.openidHint';
// Same rule as the service route body (server/routes/devStandIns.ts).
const openidHintPattern = /^[A-Za-z0-9_-]{1,32}$/;

function queryParam(name: string): string | undefined {
  // Hash routing puts page parameters after the hash (#/pages/login/index?as=alice); a plain
  // query (?as=alice#/…) works too.
  const hash = window.location.hash;
  const hashQuery = hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '';
  for (const search of [window.location.search.replace(/^\?/, ''), hashQuery]) {
    const value = new URLSearchParams(search).get(name);
    if (value) return value;
  }
  return undefined;
}

/** `?as=<name>` picks the simulated WeChat user and is remembered, so later logins reuse it. */
export function readOpenidHint(): string | undefined {
  const fromUrl = queryParam('as');
  if (fromUrl && openidHintPattern.test(fromUrl)) {
    Taro.setStorageSync(openidHintStorageKey, fromUrl);
    return fromUrl;
  }
  const stored: unknown = Taro.getStorageSync(openidHintStorageKey);
  return typeof stored === 'string' && openidHintPattern.test(stored) ? stored : undefined;
}

const subscribeDecisions: readonly string[] = ['accept', 'reject', 'ban', 'filter'];

export const h5Platform: Platform = {
  kind: 'h5',

  async login() {
    const openidHint = readOpenidHint();
    const data = await apiRequest({
      method: 'POST',
      path: '/api/dev/wechat/login-code',
      body: openidHint ? { openidHint } : {},
      authenticated: false,
      redirectOnSessionError: false,
    });
    const code = typeof data === 'object' && data !== null && 'code' in data ? data.code : undefined;
    if (typeof code !== 'string' || code === '') throw new PlatformError('login_failed');
    return code;
  },

  async scanCode(options) {
    const value = options?.fallbackInput?.trim();
    if (!value) throw new PlatformError('scan_cancelled');
    return { value };
  },

  async requestPayment(params) {
    try {
      await apiRequest({ method: 'POST', path: '/api/dev/wechat/pay/confirm', body: { package: params.package } });
    } catch (cause) {
      if (isApiError(cause) && cause.code === 'network_unavailable') throw cause;
      throw new PlatformError('payment_failed', cause);
    }
  },

  async requestSubscribeMessage(templateIds) {
    const data = await apiRequest({
      method: 'POST',
      path: '/api/dev/wechat/subscriptions',
      body: { templateIds },
    });
    const answered = typeof data === 'object' && data !== null && 'results' in data ? data.results : undefined;
    const results = (typeof answered === 'object' && answered !== null ? answered : {}) as Record<string, unknown>;
    const outcome: SubscribeResult = {};
    for (const id of templateIds) {
      const decision = results[id];
      // The simulator records the grant; without an explicit answer the stand-in means "accepted".
      outcome[id] = typeof decision === 'string' && subscribeDecisions.includes(decision) ? (decision as SubscribeDecision) : 'accept';
    }
    return outcome;
  },

  async makePhoneCall(phoneNumber) {
    document.documentElement.dataset.lastDialed = phoneNumber;
    // A hidden link, not location.href: a browser without a dialler must not leave the page.
    const link = document.createElement('a');
    link.href = `tel:${phoneNumber}`;
    link.rel = 'noopener';
    link.style.display = 'none';
    document.body.appendChild(link);
    link.click();
    link.remove();
  },

  async shareToFriend(message) {
    const url = `${window.location.origin}${window.location.pathname}#/${message.path.replace(/^\//, '')}`;
    document.documentElement.dataset.lastShared = url;
    await navigator.clipboard?.writeText(`${message.title} ${url}`).catch(() => undefined);
  },

  canGetPhoneNumber: false,

  async getPhoneNumber() {
    throw new PlatformError('phone_unavailable');
  },

  systemFontScale() {
    const fromUrl = Number(queryParam('fontScale'));
    if (Number.isFinite(fromUrl) && fromUrl > 0) return fromUrl;
    // The browser's own default size (its font-size setting), measured on a probe: `medium` is it.
    const probe = document.createElement('div');
    probe.style.cssText = 'position:absolute;visibility:hidden;font-size:medium';
    document.body.appendChild(probe);
    const px = parseFloat(getComputedStyle(probe).fontSize);
    probe.remove();
    return Number.isFinite(px) && px > 0 ? px / 16 : null;
  },

  onNetworkRestored(callback) {
    window.addEventListener('online', () => callback());
  },

  privacyAgreeOpenType: undefined,

  async requirePrivacyAuthorize() {
    // Nothing to ask: WeChat's privacy prompt does not exist in a browser.
  },
};
