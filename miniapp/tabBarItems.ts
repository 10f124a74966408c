/**
 * The four tabs, read by app.config.ts (the native tab bar on H5) and by the custom tab bar on
 * weapp (custom-tab-bar/), which exists because WeChat's native tab bar cannot enlarge its labels
 * for 长辈模式.
 */
export const tabBarItems = [
  { pagePath: 'pages/home/index', text: '首页' },
  { pagePath: 'pages/records/index', text: '记录' },
  { pagePath: 'pages/passbook/index', text: '存折' },
  { pagePath: 'pages/me/index', text: '我的' },
] as const;
