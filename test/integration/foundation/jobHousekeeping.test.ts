import { ManualClock } from '../../../server/clock';
import { enqueueJob } from '../../../server/jobs/jobQueue';
import { JobRunner } from '../../../server/jobs/jobRunner';
import { registerJobs } from '../../../server/jobs/registry';
import { startTestStack, type TestStack } from '../../helpers/stack';

/** The job collection holds what is pending plus a bounded tail, however long the service runs. */
describe('job housekeeping', () => {
  let stack: TestStack;
  const clock = new ManualClock(new Date('2026-11-22T08:00:00Z'));
  const models = () => stack.service.deps.models;

  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { JOBS_ENABLED: '0' } });
  });
  afterAll(async () => {
    await stack.stop();
  });

  test('a recurring job is enqueued once per slot, not on every poll', async () => {
    const runner = new JobRunner(stack.service.deps).every('test.tick', 60_000, async () => ({ ok: true }));
    const create = jest.spyOn(models().Job, 'create');
    try {
      for (let poll = 0; poll < 10; poll += 1) {
        await runner.scheduleRecurring();
        await runner.runDueJobs();
        clock.advanceMs(5_000); // ten polls, 50 s: one slot
      }
      clock.advanceMs(10_000); // the next slot
      await runner.scheduleRecurring();
      expect(create).toHaveBeenCalledTimes(2);
    } finally {
      create.mockRestore();
    }
    expect(await models().Job.countDocuments({ name: 'test.tick' })).toBe(2);
  });

  test('finished jobs are purged after their keep time; pending, recent and dead ones stay', async () => {
    const runner = new JobRunner(stack.service.deps)
      .register('test.quick', async () => ({ ok: true }))
      .register('test.broken', async () => {
        throw new Error('always fails');
      });
    const now = clock.now();
    await enqueueJob(models(), { name: 'test.quick', key: 'quick:short', runAt: now, keepMs: 60_000 });
    await enqueueJob(models(), { name: 'test.quick', key: 'quick:long', runAt: now, keepMs: 3_600_000 });
    await enqueueJob(models(), { name: 'test.quick', key: 'quick:later', runAt: new Date(now.getTime() + 86_400_000) });
    await enqueueJob(models(), { name: 'test.broken', key: 'broken', runAt: now, maxAttempts: 1 });
    await runner.runDueJobs();

    const purge = registerJobs(new JobRunner(stack.service.deps));
    const keys = async () => (await models().Job.find({ key: /^(quick|broken)/ }, { key: 1 }).lean()).map((job) => job.key).sort();
    clock.advanceMs(10 * 60_000);
    await purge.scheduleRecurring();
    await purge.runDueJobs();
    expect(await keys()).toEqual(['broken', 'quick:later', 'quick:long']);

    clock.advanceMs(2 * 3_600_000);
    await purge.scheduleRecurring();
    await purge.runDueJobs();
    expect(await keys()).toEqual(['broken', 'quick:later']);

    // A dead job is kept 30 days for inspection, then purged too.
    clock.advanceMs(31 * 86_400_000);
    await purge.scheduleRecurring();
    await purge.runDueJobs();
    expect(await keys()).toEqual(['quick:later']);
    // 31 days of this runner's own recurring runs leave only their recent tail behind: a run or two
    // of each recurring job, however many jobs the service registers.
    const runsPerJob = new Map<string, number>();
    for (const job of await models().Job.find({ state: 'done' }, { name: 1 }).lean()) runsPerJob.set(job.name, (runsPerJob.get(job.name) ?? 0) + 1);
    expect(Math.max(...runsPerJob.values())).toBeLessThanOrEqual(2);
  });
});
