import type { Page } from 'playwright-core';

/**
 * The 长辈模式 rules (MIIT 适老化: text ≥ 18 px, targets ≥ 48 px tall, contrast ≥ 4.5:1, nothing
 * outside the viewport, no raw codes, `undefined`, `NaN` or ISO timestamps in visible text), checked
 * in the browser on the subtree of one screen part. Returns one line per problem; [] when it passes.
 */
export async function elderlyRuleProblems(page: Page, rootSelector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const problems: string[] = [];
    const roots = [...document.querySelectorAll(selector)];
    if (roots.length === 0) return [`nothing matches ${selector}`];
    const viewportWidth = document.documentElement.clientWidth;
    const rgb = (value: string): [number, number, number, number] | null => {
      const match = /rgba?\(([^)]+)\)/.exec(value);
      if (!match?.[1]) return null;
      const [r = 0, g = 0, b = 0, a = 1] = match[1].split(',').map((part) => Number.parseFloat(part));
      return [r, g, b, a];
    };
    const luminance = ([r, g, b]: [number, number, number, number]) => {
      const channel = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const backgroundOf = (element: Element): [number, number, number, number] => {
      for (let node: Element | null = element; node; node = node.parentElement) {
        const colour = rgb(getComputedStyle(node).backgroundColor);
        if (colour && colour[3] > 0.5) return colour;
      }
      return [255, 255, 255, 1];
    };
    const visible = (element: Element) => {
      const style = getComputedStyle(element);
      const rect = element.getBoundingClientRect();
      return style.display !== 'none' && style.visibility !== 'hidden' && Number(style.opacity) > 0 && rect.width > 0 && rect.height > 0;
    };
    const name = (element: Element) => `${element.tagName.toLowerCase()}${element.getAttribute('data-testid') ? `[${element.getAttribute('data-testid')}]` : ''} "${(element.textContent ?? '').trim().slice(0, 24)}"`;
    const rawText = /\b[a-z]+\.[a-z]+\.[a-z]+\b|\bundefined\b|\bNaN\b|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\b[a-z]+_[a-z_]+\b/;
    const tappable = 'taro-button-core, button, a, [role="button"], [role="switch"], [role="radio"], [role="tab"]';
    for (const root of roots) {
      for (const element of [root, ...root.querySelectorAll('*')]) {
        if (!visible(element)) continue;
        const rect = element.getBoundingClientRect();
        if (rect.right > viewportWidth + 1 || rect.left < -1) problems.push(`outside the viewport (${Math.round(rect.left)}–${Math.round(rect.right)} of ${viewportWidth}): ${name(element)}`);
        if (element.matches(tappable) && rect.height < 48) problems.push(`target ${Math.round(rect.height)} px tall: ${name(element)}`);
        const ownText = [...element.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
        if (!ownText) continue;
        const style = getComputedStyle(element);
        const size = Number.parseFloat(style.fontSize);
        if (size < 18) problems.push(`text ${size} px: ${name(element)}`);
        const colour = rgb(style.color);
        if (colour) {
          const [a, b] = [luminance(colour), luminance(backgroundOf(element))];
          const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
          if (ratio < 4.5) problems.push(`contrast ${ratio.toFixed(2)}:1: ${name(element)}`);
        }
        if (rawText.test(ownText)) problems.push(`raw text: ${name(element)}`);
      }
    }
    return problems;
  }, rootSelector);
}
