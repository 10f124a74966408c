import Taro from '@tarojs/taro';

/** Routes the services layer needs to send the user to. */
export const routes = {
  home: '/pages/home/index',
  login: '/pages/login/index',
  me: '/pages/me/index',
  consent: '/pages/consent/index',
  consentDeclined: '/pages/consent-declined/index',
  bind: '/pages/bind/index',
  profiles: '/pages/profiles/index',
  // Subpackage pages/account: less-used "我的" pages.
  privacyText: '/pages/account/privacy/index',
  consentHistory: '/pages/account/consents/index',
  sessions: '/pages/account/sessions/index',
  withdraw: '/pages/account/withdraw/index',
  notices: '/pages/account/notices/index',
  // Subpackage pages/proxy: 家人代办. The accept page's path is also in the invitation QR payload.
  invite: '/pages/proxy/invite/index',
  acceptInvitation: '/pages/proxy/accept/index',
  proxyLinks: '/pages/proxy/links/index',
  proxyActivity: '/pages/proxy/activity/index',
} as const;

/** Where each staff role's work starts (subpackage pages; the same paths as checkoutRoutes / staffRoutes). */
export const staffWorkbenchRoutes = {
  cashier: '/subpackages/pharmacy/home/index',
  doctor: '/subpackages/doctor/panel/index',
  admin: '/subpackages/admin/report/index',
  specialist: '/subpackages/specialist/queue/index',
} as const;

const tabRoutes: readonly string[] = [routes.home, '/pages/records/index', '/pages/passbook/index', routes.me];

/** Opens a page: tab pages through switchTab, others pushed on the stack. */
export function openPage(url: string): void {
  const path = url.split('?')[0] ?? url;
  const navigate = tabRoutes.includes(path) ? Taro.switchTab({ url }) : Taro.navigateTo({ url });
  void navigate.catch(() => undefined);
}

/** Replaces the whole stack with one page (after login, binding, switching profile). */
export function restartAt(url: string): Promise<unknown> {
  return Taro.reLaunch({ url }).catch(() => undefined);
}

let redirectingToLogin = false;

function currentRoute(): string | undefined {
  try {
    const pages = Taro.getCurrentPages();
    return pages[pages.length - 1]?.route;
  } catch {
    return undefined;
  }
}

/** Sends the user to the login page once, however many requests discover the lost session. */
export function goToLogin(): void {
  if (redirectingToLogin) return;
  if (currentRoute()?.replace(/^\//, '') === routes.login.slice(1)) return;
  redirectingToLogin = true;
  Taro.reLaunch({ url: routes.login })
    .catch(() => undefined)
    .finally(() => {
      redirectingToLogin = false;
    });
}

export function goHome(): Promise<unknown> {
  return Taro.switchTab({ url: routes.home });
}
