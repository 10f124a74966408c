import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { slidingWindowLimiter } from '../../../server/http/rateLimit';
import { createAccount } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * The API rate limit: per account once a session is verified, per client address otherwise — and a
 * bearer header that opens no session is "otherwise" (issue 19: junk tokens used to get a fresh
 * budget and a counter each).
 */
describe('rate limit keys', () => {
  const clock = new ManualClock(new Date('2026-11-22T08:00:00Z'));
  let stack: TestStack;
  let proxied: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '5' } });
    proxied = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY_HOPS: '1' } });
  });
  afterAll(async () => {
    await proxied.stop();
    await stack.stop();
  });
  // Each test starts in a window of its own, a minute after the last.
  beforeEach(() => clock.advanceMs(120_000));
  const counters = (s: TestStack) => s.service.deps.models.RateLimitCounter.countDocuments({});
  const junk = () => `Bearer ${randomBytes(24).toString('base64url')}`;

  test('junk bearer tokens on a public route share the address budget and create no counters of their own', async () => {
    const before = await counters(stack);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) statuses.push((await request(stack.url).get('/api/openapi.json').set('Authorization', junk())).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expect((await counters(stack)) - before).toBe(1);
  });

  test('junk bearer tokens on a session route are refused and counted against the address; 429 names a Retry-After', async () => {
    const statuses: number[] = [];
    let limited: request.Response | undefined;
    for (let i = 0; i < 7; i += 1) {
      const res = await request(stack.url).get('/api/me/profile').set('Authorization', i % 2 ? junk() : 'Bearer not a token');
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(limited?.body.error.code).toBe('rate_limited');
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited?.headers['retry-after'])).toBe(limited?.body.error.details.retryAfterSeconds);
  });

  test('a verified session has its own budget per account, whatever address it comes from', async () => {
    const a = await createAccount(stack);
    const b = await createAccount(stack);
    const get = (token: string) => request(stack.url).get('/api/me/profile').set('Authorization', `Bearer ${token}`);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await get(a.token)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    // Same address, another account: untouched by a's budget.
    expect((await get(b.token)).status).toBe(200);
  });

  test('unknown API paths count against the address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await request(stack.url).get(`/api/nothing-here-${i}`)).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
  });

  test('behind one trusted proxy the client is the last X-Forwarded-For entry: spoofed entries before it change nothing', async () => {
    const from = (client: string, spoof = '') =>
      request(proxied.url).get('/api/openapi.json').set('X-Forwarded-For', `${spoof ? `${spoof}, ` : ''}${client}`);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await from('203.0.113.7', `198.51.100.${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await from('203.0.113.8')).status).toBe(200);
  });

  test('without trusted proxies X-Forwarded-For is ignored', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await request(stack.url).get('/api/openapi.json').set('X-Forwarded-For', `198.51.100.${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  test('the window slides: a burst at the end of a minute still counts at the start of the next', async () => {
    const minute = 60_000;
    clock.advanceMs(minute - (clock.now().getTime() % minute) - 5_000);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await request(stack.url).get('/api/openapi.json')).status);
    clock.advanceMs(10_000);
    const limited = await request(stack.url).get('/api/openapi.json');
    statuses.push(limited.status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    // 5 hits 5 s before the boundary weigh 5 × 55/60 at 5 s past it; one fits once they weigh ≤ 4.
    expect(Number(limited.headers['retry-after'])).toBe(7);
    clock.advanceMs(7_000);
    expect((await request(stack.url).get('/api/openapi.json')).status).toBe(200);
  });

  test('hits racing on one counter go to the database together and still count one by one: exactly the limit is admitted', async () => {
    const limiter = slidingWindowLimiter(stack.service.deps, { name: 'race', limit: 5, windowMs: 60_000 });
    const decisions = await Promise.all(Array.from({ length: 20 }, () => limiter.hit('one-subject')));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    const counter = await stack.service.deps.models.RateLimitCounter.findOne({ key: { $regex: '^race/one-subject\\|' } }).lean();
    expect(counter?.points).toBe(5);
  });
});
