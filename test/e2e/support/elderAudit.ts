import type { Page } from 'playwright-core';

/**
 * The 适老化 rules every page is held to, checked on what Chromium actually rendered (computed
 * styles and layout boxes), in normal mode and in 长辈模式:
 *
 * - nothing outside the viewport horizontally (both modes);
 * - text contrast ≥ 4.5:1 against the composited background (both modes; WCAG 2.1 AA 1.4.3, which
 *   MIIT《移动互联网应用（APP）适老化通用设计规范》(2021) adopts for the elder version);
 * - 长辈模式: visible text ≥ 18 px and tappable elements ≥ 48 px tall (MIIT: main text ≥ 18 dp,
 *   large touch targets);
 * - no raw codes in visible text: `undefined`, `null`, `NaN`, English identifiers (snake_case,
 *   dotted or camelCase codes, role names, lower-case English words), internal hex ids, ISO dates
 *   or timestamps (dates are shown as 12月5日, see shared/vocabulary).
 *
 * An element that deliberately shows a code a person must read out (a binding or invitation code)
 * or a name they must match to what is printed on a device (a meter's model name) carries
 * `data-audit="code"`, which exempts its text from the raw-code rule only.
 */
export interface AuditRules {
  elderly: boolean;
  minFontPx: number;
  minTapPx: number;
  minContrast: number;
}

export const elderlyRules: AuditRules = { elderly: true, minFontPx: 18, minTapPx: 48, minContrast: 4.5 };
export const normalRules: AuditRules = { elderly: false, minFontPx: 0, minTapPx: 0, minContrast: 4.5 };

export interface Violation {
  rule: 'outside-viewport' | 'text-too-small' | 'target-too-small' | 'low-contrast' | 'raw-text';
  element: string;
  detail: string;
}

/** Runs in the page: returns every violation on what is visible now. Self-contained (serialised by Playwright). */
function collectViolations(rules: AuditRules): Violation[] {
  const out: Violation[] = [];
  const viewportWidth = document.documentElement.clientWidth;
  const seen = new Set<string>();
  const push = (violation: Violation) => {
    const key = `${violation.rule}|${violation.element}|${violation.detail}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(violation);
    }
  };

  const describe = (element: Element): string => {
    const own = element.getAttribute('data-testid');
    const holder = own ? null : element.closest('[data-testid]');
    const classes = typeof element.className === 'string' ? element.className.split(/\s+/).filter((c) => c.startsWith('pb-') || c.startsWith('weui-') || c.startsWith('taro')).slice(0, 2) : [];
    const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 30);
    return `<${element.tagName.toLowerCase()}${own ? ` testid=${own}` : ''}${classes.length ? ` .${classes.join('.')}` : ''}>${holder ? ` in [${holder.getAttribute('data-testid')}]` : ''}${text ? ` "${text}"` : ''}`;
  };

  // The box a person can see: the element's box cut by every ancestor that hides its overflow.
  // Scrolling containers (the page itself scrolls inside Taro's tab-bar panel) do not hide: what is
  // below the fold is reachable, and what sticks out sideways has to be scrolled to — a failure.
  const hides = (value: string) => value === 'hidden' || value === 'clip';
  const visibleBox = (element: Element): DOMRect | null => {
    if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return null;
    const rect = element.getBoundingClientRect();
    let left = rect.left;
    let right = rect.right;
    let top = rect.top;
    let bottom = rect.bottom;
    for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
      const style = getComputedStyle(parent);
      const clip = parent.getBoundingClientRect();
      if (hides(style.overflowX)) {
        left = Math.max(left, clip.left);
        right = Math.min(right, clip.right);
      }
      if (hides(style.overflowY)) {
        top = Math.max(top, clip.top);
        bottom = Math.min(bottom, clip.bottom);
      }
    }
    if (right - left < 1 || bottom - top < 1) return null;
    return new DOMRect(left, top, right - left, bottom - top);
  };

  const all = Array.from(document.body.querySelectorAll('*')).filter((element) => !['SCRIPT', 'STYLE', 'NOSCRIPT', 'svg', 'path'].includes(element.tagName));
  const boxes = new Map<Element, DOMRect | null>();
  const boxOf = (element: Element) => {
    if (!boxes.has(element)) boxes.set(element, visibleBox(element));
    return boxes.get(element) ?? null;
  };

  // 1. Outside the viewport horizontally: report the outermost element that sticks out.
  const outside = (element: Element) => {
    const box = boxOf(element);
    return box !== null && (box.right > viewportWidth + 1 || box.left < -1);
  };
  for (const element of all) {
    if (!outside(element)) continue;
    if (element.parentElement && element.parentElement !== document.body && outside(element.parentElement)) continue;
    const box = boxOf(element)!;
    push({ rule: 'outside-viewport', element: describe(element), detail: `spans ${Math.round(box.left)}–${Math.round(box.right)} px of a ${viewportWidth} px screen` });
  }

  // Colours: parse rgb()/rgba(), composite backgrounds from the root down.
  type Rgba = [number, number, number, number];
  const parse = (value: string): Rgba | null => {
    const match = /rgba?\(([^)]+)\)/.exec(value);
    if (!match) return null;
    const parts = match[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
    return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
  };
  const over = (top: Rgba, bottom: Rgba): Rgba => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    const mix = (i: 0 | 1 | 2) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  };
  const backgroundOf = (element: Element): { colour: Rgba; certain: boolean } => {
    const layers: Rgba[] = [];
    let certain = true;
    for (let node: Element | null = element; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage !== 'none') certain = false;
      const colour = parse(style.backgroundColor);
      if (colour && colour[3] > 0) {
        layers.push([colour[0], colour[1], colour[2], colour[3] * Number(style.opacity)]);
        if (colour[3] >= 1 && Number(style.opacity) >= 1) break;
      }
    }
    let colour: Rgba = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return { colour, certain };
  };
  const opacityOf = (element: Element) => {
    let opacity = 1;
    for (let node: Element | null = element; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
    return opacity;
  };
  const luminance = (c: Rgba) => {
    const channel = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  };
  const contrastOf = (foreground: Rgba, background: Rgba) => {
    const fg = over(foreground, background);
    const [light, dark] = [luminance(fg), luminance(background)].sort((a, b) => b - a) as [number, number];
    return (light + 0.05) / (dark + 0.05);
  };
  const checkContrast = (element: Element, colourValue: string, what: string) => {
    const colour = parse(colourValue);
    if (!colour) return;
    const background = backgroundOf(element);
    if (!background.certain) return;
    const ratio = contrastOf([colour[0], colour[1], colour[2], colour[3] * opacityOf(element)], background.colour);
    if (ratio < rules.minContrast) {
      push({ rule: 'low-contrast', element: describe(element), detail: `${what} ${ratio.toFixed(2)}:1 (${colourValue} on rgb(${background.colour.slice(0, 3).map(Math.round).join(', ')})), needs ${rules.minContrast}:1` });
    }
  };

  // 2–4. Every visible text: size (长辈模式), contrast, raw codes.
  const rawPatterns: Array<[RegExp, string]> = [
    [/\b(undefined|null|NaN)\b/, 'a programming value'],
    [/\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?/, 'an ISO date or timestamp'],
    [/\b[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+\b/, 'a snake_case or dotted code'],
    [/\b[a-z]+[A-Z][A-Za-z]*\b/, 'a camelCase code'],
    [/\b(?:admin|doctor|cashier|resident|proxy|relative|staff|user)s?\b/i, 'an English role name'],
    [/\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{6,}\b/i, 'an internal id'],
    [/\b[a-z]{2,}\b/, 'an English word'],
  ];
  // Units and abbreviations a person reads on a health app (mmHg is checked before the camelCase rule).
  const allowedWords = /(?<![A-Za-z])(?:mmHg|mmol\/L|μmol\/L|kg\/m²|kg|cm|mg|ml)(?![A-Za-z])/g;
  const checkRaw = (element: Element, text: string) => {
    if (element.closest('[data-audit="code"]')) return;
    const cleaned = text.replace(allowedWords, '');
    for (const [pattern, what] of rawPatterns) {
      const match = pattern.exec(cleaned);
      if (match) {
        push({ rule: 'raw-text', element: describe(element), detail: `shows ${what}: "${match[0]}"` });
        return;
      }
    }
  };

  const textParents = new Map<Element, string>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue?.trim() ?? '';
    const parent = node.parentElement;
    if (!text || !parent || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TITLE'].includes(parent.tagName)) continue;
    textParents.set(parent, `${textParents.get(parent) ?? ''} ${text}`.trim());
  }
  for (const [element, text] of textParents) {
    if (!boxOf(element)) continue;
    const style = getComputedStyle(element);
    const sizePx = parseFloat(style.fontSize);
    if (rules.elderly && sizePx < rules.minFontPx) push({ rule: 'text-too-small', element: describe(element), detail: `${sizePx.toFixed(1)} px text, needs ≥ ${rules.minFontPx} px` });
    checkContrast(element, style.color, 'text');
    checkRaw(element, text);
  }
  for (const field of Array.from(document.querySelectorAll('input, textarea'))) {
    if (!boxOf(field) || (field as HTMLInputElement).type === 'hidden') continue;
    const style = getComputedStyle(field);
    const sizePx = parseFloat(style.fontSize);
    if (rules.elderly && sizePx < rules.minFontPx) push({ rule: 'text-too-small', element: describe(field), detail: `${sizePx.toFixed(1)} px input text, needs ≥ ${rules.minFontPx} px` });
    checkContrast(field, style.color, 'input text');
    const placeholder = field.getAttribute('placeholder');
    if (placeholder && !(field as HTMLInputElement).value) {
      checkContrast(field, getComputedStyle(field, '::placeholder').color, 'placeholder');
      checkRaw(field, placeholder);
    }
  }

  // 5. Tap targets (长辈模式): React click handlers, native controls, Taro's form components, tab bar items.
  if (rules.elderly) {
    const nativeTappable = 'button, a[href], input:not([type="hidden"]), textarea, select, [role="button"], [role="switch"], [role="tab"], [role="checkbox"], [role="radio"], [role="link"], taro-button-core, taro-input-core, taro-textarea-core, taro-switch-core, taro-checkbox-core, taro-radio-core, taro-picker-core, .weui-tabbar__item';
    const hasClickHandler = (element: Element) => {
      const key = Object.keys(element).find((k) => k.startsWith('__reactProps$'));
      const props = key ? (element as unknown as Record<string, Record<string, unknown> | undefined>)[key] : undefined;
      return typeof props?.['onClick'] === 'function' || typeof props?.['onTap'] === 'function';
    };
    for (const element of all) {
      if (!(element.matches(nativeTappable) || hasClickHandler(element))) continue;
      // The native control inside a Taro wrapper is measured through its wrapper.
      if (element.parentElement?.tagName.toLowerCase().startsWith('taro-') && element.matches('input, textarea, button')) continue;
      const box = boxOf(element);
      if (!box) continue;
      const height = element.getBoundingClientRect().height;
      if (height < rules.minTapPx - 0.5) push({ rule: 'target-too-small', element: describe(element), detail: `${height.toFixed(1)} px tall, needs ≥ ${rules.minTapPx} px` });
    }
  }
  return out;
}

export async function auditPage(page: Page, rules: AuditRules): Promise<Violation[]> {
  return page.evaluate(collectViolations, rules);
}

export function formatViolations(pageLabel: string, violations: Violation[]): string {
  return violations.map((v) => `${pageLabel}: ${v.rule}: ${v.element} — ${v.detail}`).join('\n');
}

/** Turns 长辈模式 on for this page before the app reads it (Taro's H5 storage wraps values as { data }). */
export async function useElderlyMode(page: Page): Promise<void> {
  await page.addInitScript(() => window.localStorage.setItem('pb.elderlyMode', JSON.stringify({ data: '1' })));
}
