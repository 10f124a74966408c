import type { Browser, BrowserContext, Page } from 'playwright-core';
import { phoneContext } from '../../helpers/browser';

/**
 * One phone per person in a journey (resident, cashier, doctor, admin …): each its own browser
 * context, so sessions and 长辈模式 never leak between them, signed in through the dev login
 * (`?as=<hint>` gives the simulator's openid for that hint) and landed on 首页.
 */
export function phones(browser: () => Browser, baseUrl: () => string) {
  const contexts: BrowserContext[] = [];
  return {
    async openAs(hint: string): Promise<Page> {
      const context = await phoneContext(browser());
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${baseUrl()}/?as=${hint}#/pages/login/index`);
      await page.getByTestId('login-button').click();
      await page.getByTestId('page-home').waitFor();
      return page;
    },
    async closeAll(): Promise<void> {
      for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
    },
  };
}
