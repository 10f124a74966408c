import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, phoneContext, screenshot } from '../helpers/browser';
import { requireH5Build } from '../helpers/h5';
import { startTestStack, type TestStack } from '../helpers/stack';
import { appPages, type AppPage } from './support/appPages';
import { auditHints, seedAuditWorld, type AuditWorld } from './support/auditWorld';
import { auditPage, elderlyRules, formatViolations, normalRules } from './support/elderAudit';

/**
 * The 适老化 audit: every page in miniapp/app.config.ts, opened by the person who uses it with the
 * data it needs, at a phone viewport in normal mode and in 长辈模式, held to the rules in
 * support/elderAudit.ts. A screenshot of each lands in artifacts/screenshots/audit-*.png.
 *
 * A page not listed in `plans` is still audited: by the resident (or, under a staff subpackage, by
 * that staff member) without parameters.
 */
type Persona = keyof typeof auditHints | 'anonymous';

interface PagePlan {
  persona: Persona;
  query?: (world: AuditWorld) => string;
  /** Brings the page into the state worth auditing (e.g. a form step with content). */
  prepare?: (page: Page) => Promise<void>;
}

const byResident = (world: AuditWorld) => `id=${world.residentId}`;
const plans: Record<string, PagePlan[]> = {
  'pages/login/index': [{ persona: 'anonymous' }],
  'pages/consent/index': [
    { persona: 'newcomer', query: () => 'step=privacyGuide' },
    { persona: 'newcomer', query: () => 'step=healthData' },
  ],
  'pages/consent-declined/index': [{ persona: 'declined', query: () => 'doc=healthData' }],
  'pages/bind/index': [{ persona: 'unbound' }],
  'pages/home/index': [{ persona: 'resident' }, { persona: 'relative' }, { persona: 'cashier' }],
  'pages/records/index': [{ persona: 'resident' }, { persona: 'relative' }],
  'pages/records/entry/index': [{ persona: 'resident', query: () => 'measure=bp' }, { persona: 'resident', query: () => 'measure=glucose' }],
  'pages/passbook/index': [{ persona: 'resident' }, { persona: 'relative' }],
  'pages/me/index': [{ persona: 'resident' }, { persona: 'relative' }, { persona: 'doctor' }],
  'pages/profiles/index': [{ persona: 'relative' }],
  'pages/account/privacy/index': [{ persona: 'resident', query: () => 'doc=healthData' }],
  'pages/proxy/accept/index': [{ persona: 'unbound' }],
  'pages/proxy/links/index': [{ persona: 'resident' }, { persona: 'relative' }],
  'subpackages/health/history/index': [{ persona: 'resident', query: () => 'measure=bp' }, { persona: 'resident', query: () => 'measure=glucose' }],
  'subpackages/followup/book/index': [{ persona: 'resident', query: (world) => `key=${encodeURIComponent(world.dueItemKey)}` }],
  'subpackages/redeem/checkout/index': [{ persona: 'neighbour', query: (world) => `id=${world.checkoutId}` }],
  'subpackages/pharmacy/checkout/index': [{ persona: 'cashier', query: (world) => `id=${world.checkoutId}` }],
  'subpackages/pharmacy/new/index': [
    { persona: 'cashier' },
    {
      persona: 'cashier',
      prepare: async (page) => {
        for (const key of '186') await page.getByTestId(`bill-pad-${key}`).click();
        await page.getByTestId('bill-self-paid').click();
        for (const key of '96') await page.getByTestId(`bill-pad-${key}`).click();
        await page.getByTestId('bill-eligible').click();
        for (const key of '60') await page.getByTestId(`bill-pad-${key}`).click();
        await page.getByTestId('bill-next').click();
        await page.getByTestId('page-pharmacy-code').waitFor();
      },
    },
  ],
  'subpackages/doctor/resident/index': [{ persona: 'doctor', query: byResident }],
  'subpackages/doctor/follow-up/index': [{ persona: 'doctor', query: byResident }],
  'subpackages/doctor/contract/index': [{ persona: 'doctor', query: byResident }],
  'subpackages/doctor/screening/index': [{ persona: 'doctor', query: byResident }],
  'subpackages/doctor/proxy/index': [{ persona: 'doctor', query: byResident }],
  'subpackages/doctor/risk-factors/index': [{ persona: 'doctor', query: byResident }],
  'subpackages/doctor/medication/index': [{ persona: 'doctor', query: byResident }],
  'subpackages/medication/today/index': [{ persona: 'resident' }, { persona: 'relative' }],
  'subpackages/doctor/comanage/index': [{ persona: 'doctor', query: byResident }],
  'subpackages/doctor/recommend/index': [{ persona: 'doctor', query: byResident }],
  'subpackages/specialist/review/index': [{ persona: 'specialist', query: byResident }],
  'subpackages/specialist/visit/index': [
    { persona: 'specialist', query: byResident },
    {
      persona: 'specialist',
      query: byResident,
      prepare: async (page) => {
        await page.getByTestId('visit-plan-add').click();
        await page.getByTestId('visit-submit').click();
        await page.getByTestId('visit-error').waitFor();
      },
    },
  ],
  'subpackages/care/article/index': [
    { persona: 'resident', query: (world) => `id=${world.educationItemId}` },
    {
      persona: 'resident',
      query: (world) => `id=${world.educationItemId}`,
      prepare: async (page) => {
        for (const question of [0, 1, 2]) await page.getByTestId(`quiz-${question}-2`).click();
        await page.getByTestId('quiz-submit').click();
        await page.getByTestId('quiz-result').waitFor();
      },
    },
  ],
};

function defaultPlan(page: AppPage): PagePlan {
  if (page.packageRoot.endsWith('/pharmacy')) return { persona: 'cashier' };
  if (page.packageRoot.endsWith('/doctor')) return { persona: 'doctor' };
  if (page.packageRoot.endsWith('/admin')) return { persona: 'admin' };
  if (page.packageRoot.endsWith('/specialist')) return { persona: 'specialist' };
  return { persona: 'resident' };
}

const cases = appPages().flatMap((appPage) =>
  (plans[appPage.path] ?? [defaultPlan(appPage)]).flatMap((plan, index) =>
    (['normal', 'elderly'] as const).map((mode) => ({ appPage, plan, variant: index, mode, label: `${appPage.path}${index > 0 ? ` #${index + 1}` : ''} as ${plan.persona} (${mode === 'elderly' ? '长辈模式' : 'normal'})` })),
  ),
);

describe('适老化 audit of every page (H5 in Chromium, 390×844)', () => {
  let stack: TestStack;
  let browser: Browser;
  let world: AuditWorld;
  const contexts = new Map<string, BrowserContext>();

  beforeAll(async () => {
    stack = await startTestStack({ publicDir: requireH5Build(), env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    browser = await launchChromium();
    world = await seedAuditWorld(stack);
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts.values()) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  });

  /** One phone per person and mode, signed in once through the WeChat stand-in. */
  async function phoneOf(persona: Persona, mode: 'normal' | 'elderly'): Promise<BrowserContext> {
    const key = `${persona}:${mode}`;
    const existing = contexts.get(key);
    if (existing) return existing;
    const context = await phoneContext(browser);
    await context.addInitScript((elderly: boolean) => {
      // 长辈模式 chosen before (as the first-launch offer stores it): Taro's H5 storage format.
      window.localStorage.setItem('pb.elderlyMode', JSON.stringify({ data: elderly ? '1' : '0' }));
    }, mode === 'elderly');
    if (persona !== 'anonymous') {
      const page = await context.newPage();
      await page.goto(`${stack.url}/?as=${auditHints[persona]}#/pages/login/index`);
      await page.getByTestId('login-button').click();
      await page.waitForFunction(() => !window.location.hash.startsWith('#/pages/login/'), undefined, { timeout: 15_000 });
      await page.close();
    }
    contexts.set(key, context);
    return context;
  }

  /** Opens a page fresh and waits until its data has arrived (no spinner, network quiet). */
  async function open(context: BrowserContext, path: string, query: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${stack.url}/?audit=${Date.now()}#/${path}${query ? `?${query}` : ''}`);
    await page.locator('[data-testid^="page-"]').first().waitFor({ timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => !document.querySelector('[data-testid="loading-state"]') && !/正在(读取|加载)/.test(document.body.innerText), undefined, { timeout: 15_000 }).catch(() => undefined);
    await page.waitForTimeout(150);
    return page;
  }

  test.each(cases)('$label', async ({ appPage, plan, variant, mode }) => {
    const context = await phoneOf(plan.persona, mode);
    const page = await open(context, appPage.path, plan.query?.(world) ?? '');
    try {
      await plan.prepare?.(page);
      // The audit is about this page: a redirect elsewhere means the plan (persona, data) is wrong.
      expect(new URL(page.url()).hash.replace(/^#\//, '').split('?')[0]).toBe(appPage.path);
      const slug = `${appPage.path.replace(/\/index$/, '').replace(/\//g, '-')}${variant > 0 ? `-${variant + 1}` : ''}-${plan.persona}-${mode}`;
      await screenshot(page, `audit-${slug}`);
      const violations = await auditPage(page, mode === 'elderly' ? elderlyRules : normalRules);
      if (violations.length > 0) throw new Error(`${violations.length} 适老化 violation(s):\n${formatViolations(`${appPage.path} [${mode}, ${plan.persona}]`, violations)}`);
    } finally {
      await page.close();
    }
  }, 60_000);
});
