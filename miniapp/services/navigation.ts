import Taro from '@tarojs/taro';

/** Routes the services layer needs to send the user to. */
export const routes = {
  home: '/pages/home/index',
  login: '/pages/login/index',
} as const;

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
