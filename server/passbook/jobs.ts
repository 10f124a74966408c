import type { AppDeps } from '../deps';
import { enqueueJob } from '../jobs/jobQueue';
import type { JobRunner } from '../jobs/jobRunner';
import { pointsEventConsumer } from './eventConsumer';

export const consumeEventsJob = 'passbook.consumeEvents';
/** Every few seconds: points show up in the 存折 shortly after a reading or a clinic record. */
export const consumeEvery_ms = 5_000;

/** The passbook's jobs (registered from server/jobs/registry.ts). */
export function registerPassbookJobs(runner: JobRunner): JobRunner {
  return runner.every(consumeEventsJob, consumeEvery_ms, async ({ deps }) => pointsEventConsumer(deps));
}

/**
 * On demand: asks for a consumer run now (the same handler, its own job key per second, so a burst
 * of requests makes one run). Safe alongside the recurring run: events are leased one by one.
 */
export async function requestPointsConsumption(deps: AppDeps): Promise<void> {
  const now = deps.clock.now();
  await enqueueJob(deps.models, { name: consumeEventsJob, key: `${consumeEventsJob}@demand:${Math.floor(now.getTime() / 1000)}`, runAt: now });
}
