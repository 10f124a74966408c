import type { Browser, BrowserContext, Page } from 'playwright-core';
import { phoneContext } from '../../helpers/browser';
import { useElderlyMode } from './elderAudit';

/**
 * One phone per person in a journey (resident, cashier, doctor, admin …): each its own browser
 * context, so sessions and 长辈模式 never leak between them, signed in through the dev login
 * (`?as=<hint>` gives the simulator's openid for that hint) and landed where the app sends them
 * (首页; a staff member's workbench).
 */
export function phones(browser: () => Browser, baseUrl: () => string) {
  const contexts: BrowserContext[] = [];
  return {
    async openAs(hint: string, options: { elderly?: boolean } = {}): Promise<Page> {
      const context = await phoneContext(browser());
      contexts.push(context);
      const page = await context.newPage();
      if (options.elderly) await useElderlyMode(page);
      await page.goto(`${baseUrl()}/?as=${hint}#/pages/login/index`);
      await page.getByTestId('login-button').click();
      // Residents land on 首页, staff on their workbench (issue 14): wait for whichever page it is.
      await page.waitForFunction(() => !window.location.hash.startsWith('#/pages/login/'));
      await page.locator('.taro_page_show [data-testid^="page-"]').first().waitFor();
      return page;
    },
    async closeAll(): Promise<void> {
      for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
    },
  };
}
