import request from 'supertest';
import { enqueueJob, claimNextJob } from '../../../server/jobs/jobQueue';
import { ManualClock } from '../../../server/clock';
import { startTestStack, type TestStack } from '../../helpers/stack';

/** Two service instances on one database behave as one: shared rate limits, one run per job. */
describe('two instances behind a load balancer', () => {
  let first: TestStack;
  let second: TestStack;
  const clock = new ManualClock(new Date('2026-11-22T08:00:10Z'));

  beforeAll(async () => {
    first = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '5', JOBS_ENABLED: '0' } });
    second = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '5', JOBS_ENABLED: '0' }, sameDatabaseAs: first });
  });
  afterAll(async () => {
    await second.stop();
    await first.stop();
  });

  test('the rate limit counts hits on both instances together', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push((await request(first.url).get('/api/openapi.json')).status);
      statuses.push((await request(second.url).get('/api/openapi.json')).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await request(first.url).get('/api/openapi.json');
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  test('a job enqueued twice exists once and runs once across both instances', async () => {
    const runs: string[] = [];
    for (const stack of [first, second]) {
      stack.service.jobs.register('test.once', async ({ deps }) => {
        runs.push(deps.instanceId);
        return { ok: true };
      });
    }
    const runAt = clock.now();
    await enqueueJob(first.service.deps.models, { name: 'test.once', key: 'test.once:1', runAt });
    await enqueueJob(second.service.deps.models, { name: 'test.once', key: 'test.once:1', runAt });
    await Promise.all([first.service.jobs.runDueJobs(), second.service.jobs.runDueJobs()]);
    expect(runs).toHaveLength(1);
    expect(await first.service.deps.models.Job.countDocuments({ key: 'test.once:1', state: 'done' })).toBe(1);
  });

  test('a lease held by an instance that died is taken over once it expires', async () => {
    const runs: string[] = [];
    second.service.jobs.register('test.takeover', async ({ deps }) => {
      runs.push(deps.instanceId);
    });
    const models = first.service.deps.models;
    await enqueueJob(models, { name: 'test.takeover', key: 'test.takeover:1', runAt: clock.now() });
    // The first instance claims the job and "crashes" before finishing it.
    const claimed = await claimNextJob(models, { owner: 'crashed-instance', names: ['test.takeover'], now: clock.now(), leaseMs: 60_000 });
    expect(claimed?.state).toBe('running');
    expect(await second.service.jobs.runDueJobs()).toBe(0); // lease still valid
    clock.advanceMs(61_000);
    expect(await second.service.jobs.runDueJobs()).toBe(1);
    expect(runs).toEqual([second.service.deps.instanceId]);
    const job = await models.Job.findOne({ key: 'test.takeover:1' }).lean();
    expect(job).toMatchObject({ state: 'done', attempts: 2 });
  });
});
