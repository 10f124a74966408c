import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const screenshotDir = join(__dirname, '../../artifacts/screenshots');

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A phone-sized context: the mini-program's H5 build is laid out for 375-430 px wide screens.
 *
 * The phone's dialler is stood in for: headless Chromium has none and hands a `tel:` link to the
 * desktop's external-protocol handler, after which the page receives no more input (a tap on 拨打120
 * right after 联系家庭医生 was silently dropped). The app's H5 platform still records the number it
 * asked for (`data-last-dialed`), which is what the journeys check.
 */
export async function phoneContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await context.addInitScript(() => {
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function clickUnlessDialling(this: HTMLAnchorElement) {
      if (this.protocol !== 'tel:') click.call(this);
    };
  });
  return context;
}

/**
 * Saves a screenshot of the whole page into the git-ignored artifacts/ folder. The H5 page scrolls
 * inside its Taro page element (`.taro_page`), not the document, so a "full page" shot would stop at the fold: the
 * viewport is stretched to the page's content for the shot (the rem size follows the width only).
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = join(screenshotDir, `${name}.png`);
  const viewport = page.viewportSize();
  const extraPx = await page.evaluate(() =>
    Math.max(0, ...Array.from(document.querySelectorAll('.taro_page')).filter((element) => element.checkVisibility()).map((element) => element.scrollHeight - element.clientHeight)),
  );
  if (!viewport || extraPx === 0) {
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }
  await page.setViewportSize({ width: viewport.width, height: Math.min(viewport.height + extraPx, 8000) });
  try {
    await page.screenshot({ path: file });
  } finally {
    await page.setViewportSize(viewport);
  }
  return file;
}
