/**
 * Every page of the mini-program, read from miniapp/app.config.ts itself (main package and
 * subpackages), so a page added there is audited without anyone touching the tests.
 */
interface AppConfigShape {
  pages: string[];
  subPackages?: Array<{ root: string; pages: string[] }>;
  tabBar?: { list: Array<{ pagePath: string }> };
}

function loadAppConfig(): AppConfigShape {
  // app.config.ts calls Taro's build-time global `defineAppConfig`; outside the build it is the identity.
  const scope = globalThis as { defineAppConfig?: (config: AppConfigShape) => AppConfigShape };
  scope.defineAppConfig ??= (config) => config;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the global above exists
  return (require('../../../miniapp/app.config') as { default: AppConfigShape }).default;
}

export interface AppPage {
  /** e.g. `pages/home/index`, `subpackages/doctor/panel/index` */
  path: string;
  /** `main` or the subpackage root */
  packageRoot: string;
  isTab: boolean;
}

export function appPages(): AppPage[] {
  const config = loadAppConfig();
  const tabs = new Set((config.tabBar?.list ?? []).map((item) => item.pagePath));
  return [
    ...config.pages.map((path) => ({ path, packageRoot: 'main', isTab: tabs.has(path) })),
    ...(config.subPackages ?? []).flatMap((sub) => sub.pages.map((page) => ({ path: `${sub.root}/${page}`, packageRoot: sub.root, isTab: false }))),
  ];
}
