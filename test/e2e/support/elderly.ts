import type { Page } from 'playwright-core';

/**
 * 长辈模式 rules checked on what a page shows (research.md §3.8, MIIT 适老化 2021, WCAG AA): text at
 * least 18 CSS px, tap targets at least 48 px tall, text contrast at least 4.5:1 against what is
 * behind it, nothing beyond the viewport's sides, and no raw codes (English words, ISO timestamps,
 * snake_case) in visible text — units excepted, and text marked `data-verbatim` (a meter's own
 * name, shown as printed on it so the resident recognises it).
 * Returns the problems found under the element with `testId` (empty: all good).
 */
export async function elderlyProblems(page: Page, testId: string): Promise<string[]> {
  return page.getByTestId(testId).evaluate((root) => {
    const problems: string[] = [];
    const viewportWidth = document.documentElement.clientWidth;
    const allowedWords = /^(mmHg|mmol|Hcy|LDL|HDL|BMI|PDF|CSV|Chrome|mg|kg|g|L)$/;
    const visible = (el: Element) => {
      const style = getComputedStyle(el);
      return style.display !== 'none' && style.visibility !== 'hidden' && el.getClientRects().length > 0;
    };
    const rgb = (color: string): [number, number, number, number] => {
      const m = /rgba?\(([^)]+)\)/.exec(color);
      const parts = (m?.[1] ?? '0,0,0,0').split(',').map((p) => parseFloat(p));
      return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
    };
    const luminance = ([r, g, b]: [number, number, number, number]) => {
      const channel = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const backgroundOf = (el: Element | null): [number, number, number, number] => {
      for (let node = el; node; node = node.parentElement) {
        const bg = rgb(getComputedStyle(node).backgroundColor);
        if (bg[3] > 0.5) return bg;
      }
      return [255, 255, 255, 1];
    };
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').trim();
      const el = node.parentElement;
      if (!text || !el || !visible(el)) continue;
      const style = getComputedStyle(el);
      const size = parseFloat(style.fontSize);
      if (size < 18) problems.push(`text ${size.toFixed(1)}px: ${text.slice(0, 24)}`);
      const fg = luminance(rgb(style.color));
      const bg = luminance(backgroundOf(el));
      const contrast = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (contrast < 4.5) problems.push(`contrast ${contrast.toFixed(2)}: ${text.slice(0, 24)}`);
      const rect = el.getBoundingClientRect();
      if (rect.left < -1 || rect.right > viewportWidth + 1) problems.push(`outside the viewport: ${text.slice(0, 24)}`);
      const words = el.closest('[data-verbatim]') ? [] : (text.match(/[A-Za-z_]{2,}/g) ?? []);
      const raw = words.filter((w) => !allowedWords.test(w));
      if (raw.length > 0 || /\d{4}-\d{2}-\d{2}T/.test(text)) problems.push(`raw code: ${text.slice(0, 40)}`);
    }
    for (const el of Array.from(root.querySelectorAll('[role="button"], [role="checkbox"], .pb-button, .pb-link'))) {
      if (!visible(el)) continue;
      const rect = el.getBoundingClientRect();
      if (rect.height < 48) problems.push(`target ${rect.height.toFixed(0)}px tall: ${(el.textContent ?? '').trim().slice(0, 24)}`);
      if (rect.left < -1 || rect.right > viewportWidth + 1) problems.push(`target outside the viewport: ${(el.textContent ?? '').trim().slice(0, 24)}`);
    }
    return problems;
  });
}

/** Turns 长辈模式 on for this page before the app reads it (Taro's H5 storage wraps values as { data }). */
export async function useElderlyMode(page: Page): Promise<void> {
  await page.addInitScript(() => window.localStorage.setItem('pb.elderlyMode', JSON.stringify({ data: '1' })));
}
