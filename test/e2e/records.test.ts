import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { signedHeaders } from '../../server/integration/signature';
import { launchChromium, phoneContext, screenshot } from '../helpers/browser';
import { createAccount, createIntegrationClient, fakeIdNumber } from '../helpers/factories';
import { requireH5Build } from '../helpers/h5';
import { startTestStack, type TestStack } from '../helpers/stack';
import { openidFor } from '../../server/dev/simulators/wechatApi';

/**
 * Issue 4 in Chromium: a resident logs a BP session with an urgent value → the red advice card shows
 * at once → the alert reaches the doctor team (staff API) → the chart shows the reading; 档案 with
 * tap-to-call phones; and offline entry: the POST is blocked → the entry is queued on the phone →
 * unblocked → 重新同步 → exactly one reading per entry on the server.
 */
describe('记录 tab: readings entry, urgent advice, charts, 档案, offline queue (H5 in Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let residentId: string;
  let doctorToken: string;
  const hint = `e2e-rec-${Date.now().toString(36)}`;
  /** The openid the simulator gives `?as=<hint>` (same derivation as server/dev/seed.ts). */
  const openidOf = (h: string) => openidFor(stack.config.wechat.appId, h);

  beforeAll(async () => {
    stack = await startTestStack({ publicDir: requireH5Build(), env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    // The clinic system pushes the archive (team with phones, a diagnosis, a follow-up with advice).
    const client = await createIntegrationClient(stack, { institutionId: 'inst-east' });
    const lines = [
      { type: 'archive', sourceId: 'E2E-1', name: '王建国', idNumber: fakeIdNumber({ birth: '19520611' }), phone: '13800001234', teamId: 'team-east-1', heightCm: 168 },
      { type: 'diagnosis', sourceId: 'E2E-D1', residentSourceId: 'E2E-1', condition: 'hypertension', diagnosedOn: '2018-04-01' },
      {
        type: 'contract',
        sourceId: 'E2E-C1',
        residentSourceId: 'E2E-1',
        team: { teamId: 'team-east-1', name: '东城家庭医生一队', phone: '010-65000001', members: [{ role: 'generalPractitioner', name: '李医生', phone: '010-65000011' }] },
        packageName: '高血压个性化签约服务包',
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        status: 'active',
      },
      { type: 'followUp', sourceId: 'E2E-F1', residentSourceId: 'E2E-1', form: 'hypertension', visitedOn: '2026-01-15', mode: 'clinic', classification: 'unsatisfied', advice: '低盐饮食，每天早晚各测一次血压', signs: { systolicMmHg: 152, diastolicMmHg: 94 } },
      { type: 'medicationPlan', sourceId: 'E2E-M1', residentSourceId: 'E2E-1', drugName: '氨氯地平片', forCondition: 'hypertension', timesPerDay: 1, doseMgPerTime: 5, startedOn: '2025-11-01', status: 'active' },
    ];
    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    const pushed = await request(stack.url)
      .post('/api/integration/import')
      .set(signedHeaders(client, { method: 'POST', path: '/api/integration/import', body: text }))
      .set('Content-Type', 'application/x-ndjson')
      .send(text);
    expect(pushed.body.data.summary.rejected).toBe(0);
    residentId = pushed.body.data.results[0].residentId as string;
    // Already bound with both consents: this test is about the records, not onboarding.
    await createAccount(stack, { openid: openidOf(hint), residentId });
    doctorToken = (await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } })).token;

    browser = await launchChromium();
    page = await (await phoneContext(browser)).newPage();
    await page.goto(`${stack.url}/?as=${hint}#/pages/login/index`);
    await page.getByTestId('login-button').click();
    await page.getByTestId('home-greeting').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** Taps digits (and the point) on the on-screen number pad. */
  async function typeOnPad(text: string) {
    for (const ch of text) await page.getByTestId(`number-pad-${ch}`).click();
  }

  test('BP session with an urgent value → red advice at once → alert for the team → the chart shows it', async () => {
    await page.goto(`${stack.url}/#/pages/records/index`);
    await page.getByTestId('records-log-bp').waitFor();
    await screenshot(page, 'records-01-tab');

    await page.getByTestId('records-log-bp').click();
    await page.getByTestId('page-entry-bp').waitFor();
    // Reading 1: a full 3-digit value moves to the next field by itself.
    await typeOnPad('185');
    await typeOnPad('112');
    await typeOnPad('88');
    await page.getByTestId('entry-next').click();
    await expect(page.getByTestId('entry-mean-value').textContent()).resolves.toBe('—');
    // Reading 2.
    await typeOnPad('183');
    await typeOnPad('110');
    await typeOnPad('90');
    await expect(page.getByTestId('entry-mean-value').textContent()).resolves.toBe('184/111');
    await expect(page.getByTestId('entry-mean').textContent()).resolves.toContain('2遍平均');
    await page.getByTestId('entry-time-of-day-morning').click();
    await page.getByTestId('entry-arm-right').click();
    await page.getByTestId('entry-warnings').waitFor(); // ≥180 asks to check the reading
    await screenshot(page, 'records-02-entry-bp');

    // An impossible value is caught on the phone with the shared message before anything is sent.
    await page.getByTestId('field-r2.systolicMmHg').click();
    await typeOnPad('40');
    await page.getByTestId('field-r2.diastolicMmHg').click();
    await expect(page.getByTestId('field-r2.systolicMmHg-error').textContent()).resolves.toContain('收缩压（高压）应在60–300 mmHg之间');
    await screenshot(page, 'records-03-entry-invalid');
    await page.getByTestId('field-r2.systolicMmHg').click();
    await page.getByTestId('number-pad-clear').click();

    await page.getByTestId('entry-save').click();
    const advice = page.getByTestId('urgent-advice');
    await advice.waitFor();
    await expect(page.getByTestId('urgent-advice-value').textContent()).resolves.toContain('184/111');
    const adviceText = (await page.getByTestId('urgent-advice-lines').textContent()) ?? '';
    expect(adviceText).toContain('休息5分钟');
    expect(adviceText).toContain('拨打120');
    await expect(page.getByTestId('urgent-advice-team').textContent()).resolves.toContain('已通知您的家庭医生团队');
    await screenshot(page, 'records-04-urgent-advice');

    // The doctor of the resident's team sees the alert through the staff API.
    const alerts = await request(stack.url).get('/api/staff/alerts').set('Authorization', `Bearer ${doctorToken}`);
    expect(alerts.status).toBe(200);
    const mine = (alerts.body.data.alerts as Array<{ residentId: string; values: Record<string, number>; state: string; residentName: string }>).filter((a) => a.residentId === residentId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ state: 'open', residentName: '王建国', values: { systolicMmHg: 184, diastolicMmHg: 111 } });
    const stored = await stack.service.deps.models.Reading.find({ residentId, measure: 'bp' }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.values).toMatchObject({ arm: 'right', timeOfDay: 'morning', readings: [{ systolicMmHg: 185, diastolicMmHg: 112, heartRateBpm: 88 }, { systolicMmHg: 183, diastolicMmHg: 110, heartRateBpm: 90 }] });

    await page.getByTestId('urgent-advice-close').click();
    await expect(page.getByTestId('entry-result-grade').textContent()).resolves.toContain('3级高血压');
    await screenshot(page, 'records-05-result');

    await page.getByTestId('entry-history').click();
    await page.getByTestId('page-history').waitFor();
    const chart = page.locator('[data-testid="trend-chart"][data-drawn="yes"]');
    await chart.waitFor();
    await expect(chart.getAttribute('data-point-count')).resolves.toBe('1');
    await expect(page.getByTestId('history-row').first().textContent()).resolves.toContain('184/111');
    await expect(page.getByTestId('history-target').textContent()).resolves.toContain('目标：低于');
    // The canvas really has the target band (green) and the urgent point (red) drawn on it.
    const colours = await chart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
      const ctx = canvas.getContext('2d');
      if (!ctx) return { green: 0, red: 0 };
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let green = 0;
      let red = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
        if (g > r + 10 && g > b + 10) green += 1;
        if (r > 150 && g < 60 && b < 60) red += 1;
      }
      return { green, red };
    });
    expect(colours.green).toBeGreaterThan(500);
    expect(colours.red).toBeGreaterThan(20);
    await screenshot(page, 'records-06-history-chart');

    await page.getByTestId('history-days-7').click();
    await page.locator('[data-testid="trend-chart"][data-drawn="yes"]').waitFor();
    await page.getByTestId('history-measure-glucose').click();
    await page.getByTestId('history-empty').waitFor();
  });

  test('档案: team phones to tap, follow-up with classification and advice, medications, what is due', async () => {
    await page.goto(`${stack.url}/#/subpackages/health/archive/index`);
    await page.getByTestId('archive-call').first().waitFor();
    await expect(page.getByTestId('archive-team').textContent()).resolves.toContain('010-65000011');
    await expect(page.getByTestId('archive-follow-up').first().textContent()).resolves.toContain('控制不满意');
    await expect(page.getByTestId('archive-follow-up').first().textContent()).resolves.toContain('低盐饮食');
    await expect(page.getByTestId('archive-medications').textContent()).resolves.toContain('氨氯地平片');
    expect(await page.getByTestId('archive-due-item').count()).toBeGreaterThan(0);
    await screenshot(page, 'records-07-archive');

    await page.goto(`${stack.url}/#/pages/home/index`);
    await page.getByTestId('home-reading-bp').waitFor();
    await expect(page.getByTestId('home-reading-bp').textContent()).resolves.toContain('184/111');
    await expect(page.getByTestId('home-control-bp').textContent()).resolves.toContain('本月血压达标 0/1 次');
    await screenshot(page, 'records-08-home');
  });

  test('心血管病风险: what is missing, then the 10-year risk, the ideal, the change that helps most and the lipid goal; readable in 长辈模式', async () => {
    await page.goto(`${stack.url}/#/pages/records/index`);
    await page.getByTestId('records-risk').click();
    await page.getByTestId('page-risk').waitFor();
    await page.getByTestId('risk-missing').waitFor();
    await expect(page.getByTestId('risk-missing').textContent()).resolves.toContain('抽血查血脂');
    await screenshot(page, 'records-09-risk-missing');

    // The clinic pushes what China-PAR needs: lipids and waist at a screening, the risk factors with the archive.
    const client = await createIntegrationClient(stack, { institutionId: 'inst-east', clientId: `risk-${hint}` });
    const lines = [
      { type: 'screening', sourceId: 'E2E-S-RISK', residentSourceId: 'E2E-1', measuredAt: new Date().toISOString(), values: { totalCholesterolMmolL: 5.6, hdlCholesterolMmolL: 1.1, ldlCholesterolMmolL: 3.6, waistCm: 92 } },
    ];
    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    const pushed = await request(stack.url).post('/api/integration/import').set(signedHeaders(client, { method: 'POST', path: '/api/integration/import', body: text })).set('Content-Type', 'application/x-ndjson').send(text);
    expect(pushed.body.data.summary.rejected).toBe(0);
    const form = await request(stack.url).put(`/api/staff/residents/${residentId}/risk-factors`).set('Authorization', `Bearer ${doctorToken}`).send({ smokingStatus: 'current', familyHistoryOfAscvd: false, areaType: 'urban', region: 'north' });
    expect(form.status).toBe(200);

    await page.reload();
    await page.getByTestId('risk-percent').waitFor();
    await expect(page.getByTestId('risk-percent').textContent()).resolves.toMatch(/^\d+\.\d%$/);
    await expect(page.getByTestId('risk-category').textContent()).resolves.toMatch(/^(低危|中危|高危)$/);
    await expect(page.getByTestId('risk-ideal').textContent()).resolves.toContain('风险可降到');
    await expect(page.getByTestId('risk-change').first().textContent()).resolves.toContain('最有用');
    await expect(page.getByTestId('risk-ldl-goal-text').textContent()).resolves.toMatch(/低于 \d(\.\d)? mmol\/L/);
    await screenshot(page, 'records-10-risk');

    // 长辈模式: every text at least 18 px, no tap target under 48 px tall, nothing wider than the screen.
    await page.goto(`${stack.url}/#/pages/me/index`);
    await page.getByTestId('elderly-toggle').click();
    await page.goto(`${stack.url}/#/subpackages/health/risk/index`);
    await page.getByTestId('risk-percent').waitFor();
    const layout = await page.getByTestId('page-risk').evaluate((root) => {
      const texts = [...root.querySelectorAll('*')].filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && (n.textContent ?? '').trim() !== ''));
      return {
        smallestFontPx: Math.min(...texts.map((el) => parseFloat(getComputedStyle(el).fontSize))),
        widest: Math.max(...[...root.querySelectorAll('*')].map((el) => el.getBoundingClientRect().right)),
        viewport: window.innerWidth,
      };
    });
    expect(layout.smallestFontPx).toBeGreaterThanOrEqual(18);
    expect(layout.widest).toBeLessThanOrEqual(layout.viewport);
    await screenshot(page, 'records-11-risk-elderly');
    await page.goto(`${stack.url}/#/pages/me/index`);
    await page.getByTestId('elderly-toggle').click();
  });

  /** The offline queue as Taro's H5 storage keeps it (`{ data: <value> }` in localStorage). */
  async function queuedOnPhone(): Promise<Array<{ body: Record<string, unknown> }>> {
    const raw = await page.evaluate(() => window.localStorage.getItem('pb.offlineReadings'));
    return raw ? (JSON.parse(raw) as { data: Array<{ body: Record<string, unknown> }> }).data : [];
  }

  test('offline: blocked POST → queued on the phone with its time → network back → uploaded by itself → exactly one reading each', async () => {
    const glucoseCount = () => stack.service.deps.models.Reading.countDocuments({ residentId, measure: 'glucose' });
    // Entry A: the request never reaches the service.
    await page.route('**/api/residents/*/readings', (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()));
    await page.goto(`${stack.url}/#/pages/records/entry/index?measure=glucose`);
    await page.getByTestId('page-entry-glucose').waitFor();
    await page.getByTestId('entry-timing-fasting').click();
    await typeOnPad('6.4');
    await expect(page.getByTestId('field-glucoseMmolL-value').textContent()).resolves.toBe('6.4');
    const typedAt = Date.now();
    await page.getByTestId('entry-save').click();
    await page.getByTestId('entry-queued').waitFor();
    await screenshot(page, 'records-09-offline-queued');
    expect(await glucoseCount()).toBe(0);

    // Entry B: the service stores it but the answer is lost on the way back.
    await page.unroute('**/api/residents/*/readings');
    await page.route('**/api/residents/*/readings', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      await route.fetch();
      return route.abort('internetdisconnected');
    });
    await page.getByTestId('entry-again').click();
    await typeOnPad('7.2');
    await page.getByTestId('entry-save').click();
    await page.getByTestId('entry-queued').waitFor();
    expect(await glucoseCount()).toBe(1);
    expect((await queuedOnPhone()).map((item) => item.body.glucoseMmolL)).toEqual([6.4, 7.2]);

    // Still offline: the 记录 tab says what is waiting; 重新同步 keeps it queued.
    await page.unroute('**/api/residents/*/readings');
    await page.route('**/api/residents/*/readings', (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()));
    await page.goto(`${stack.url}/#/pages/records/index`);
    await expect(page.getByTestId('records-pending-box').textContent()).resolves.toContain('有 2 条记录还没上传');
    await page.getByTestId('records-sync').click();
    await expect(page.getByTestId('records-sync-message').textContent()).resolves.toContain('还有 2 条未上传');
    await screenshot(page, 'records-10-pending');

    // Back online: the phone notices the network is back and sends both by itself, no tap (issue 14);
    // the one the service already had is not stored twice.
    await page.unroute('**/api/residents/*/readings');
    await page.context().setOffline(true);
    await page.context().setOffline(false);
    await page.getByTestId('records-pending-box').waitFor({ state: 'detached', timeout: 10_000 });
    await screenshot(page, 'records-11-synced');
    const stored = await stack.service.deps.models.Reading.find({ residentId, measure: 'glucose' }).sort({ measuredAt: 1 }).lean();
    expect(stored.map((r) => (r.values as { glucoseMmolL: number }).glucoseMmolL)).toEqual([6.4, 7.2]);
    // The queued entry kept the time it was typed, not the time it was synced.
    expect(Math.abs((stored[0]?.measuredAt as Date).getTime() - typedAt)).toBeLessThan(60_000);
    expect(await queuedOnPhone()).toEqual([]);

    // Syncing again sends nothing: still exactly one reading per entry.
    await page.reload();
    await page.getByTestId('records-log-bp').waitFor();
    expect(await glucoseCount()).toBe(2);
  });
});
