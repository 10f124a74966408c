/**
 * The shell journey in WeChat DevTools through miniprogram-automator. It needs DevTools (Windows
 * or macOS, logged in) with its CLI path in WECHAT_DEVTOOLS_CLI and a weapp build pointed at a
 * reachable service (TARO_APP_API_BASE_URL); elsewhere jest reports it as skipped.
 */
import { join } from 'node:path';
import type Automator from 'miniprogram-automator';

const cliPath = process.env.WECHAT_DEVTOOLS_CLI;

// Without DevTools the journey is reported as skipped (not passed), so the count of passed tests
// stays honest.
const describeInDevTools = cliPath ? describe : describe.skip;

describeInDevTools('mini-program shell (WeChat DevTools; skipped unless WECHAT_DEVTOOLS_CLI is set)', () => {
  let miniProgram: Awaited<ReturnType<typeof Automator.launch>>;

  beforeAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only where DevTools exists
    const automator = require('miniprogram-automator') as typeof Automator;
    miniProgram = await automator.launch({ cliPath: cliPath!, projectPath: join(__dirname, '../../..') });
  }, 120_000);
  afterAll(async () => {
    await miniProgram?.close();
  });

  test('login lands on 首页 and every tab renders', async () => {
    const login = await miniProgram.reLaunch('/pages/login/index');
    await (await login!.$('.pb-login-button'))!.tap();
    await login!.waitFor(1000);
    for (const path of ['/pages/home/index', '/pages/records/index', '/pages/passbook/index', '/pages/me/index']) {
      const page = await miniProgram.switchTab(path);
      expect(page!.path).toBe(path.slice(1));
    }
  });
});
