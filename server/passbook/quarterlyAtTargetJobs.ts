/**
 * The durable jobs of the quarterly 达标 reward (server/passbook/quarterlyAtTarget.ts).
 *
 * - `passbook.scheduleQuarterlyAtTarget`, hourly: enqueues the judgement of the last ended Shanghai
 *   quarter under the unique key `passbook.quarterlyAtTarget@<YYYY-Qn>`, to run `settleAfter_ms`
 *   after the quarter ends. Enqueueing is idempotent by key, so every instance may run the
 *   scheduler every hour and the quarter is still judged once.
 * - `passbook.quarterlyAtTarget`: judges the quarter in its payload. A crash or a lost lease means
 *   it runs again, which is harmless: each reward is an event with a unique id.
 *
 * `requestQuarterlyAtTarget` asks for a judgement of a given (ended) quarter now, e.g. after a
 * clinic pushed last quarter's records late; it uses its own key, so it runs even when the
 * scheduled run is done, and appends only the rewards still missing.
 */
import type { AppDeps } from '../deps';
import { enqueueJob } from '../jobs/jobQueue';
import { PermanentJobError, type JobRunner } from '../jobs/jobRunner';
import { isQuarterKey, lastEndedQuarter, quarterPeriodOfKey, quarterlyAtTargetJudge } from './quarterlyAtTarget';

export const quarterlyAtTargetJob = 'passbook.quarterlyAtTarget';
export const scheduleQuarterlyAtTargetJob = 'passbook.scheduleQuarterlyAtTarget';
export const scheduleEvery_ms = 60 * 60_000;
/**
 * How long after a quarter ends it is judged: clinic systems push records in nightly batches, and a
 * visit on the quarter's last day should count. Three days, so residents see the reward soon.
 */
export const settleAfter_ms = 3 * 24 * 60 * 60_000;

const quarterKeep_ms = 100 * 24 * 60 * 60_000;

export const quarterlyAtTargetJobKey = (quarter: string) => `${quarterlyAtTargetJob}@${quarter}`;

/** Enqueues the judgement of the last ended quarter (once per quarter: the key is unique). */
export async function scheduleQuarterlyAtTarget(deps: AppDeps) {
  const quarter = lastEndedQuarter(deps.clock.now());
  const { job, created } = await enqueueJob(deps.models, {
    name: quarterlyAtTargetJob,
    key: quarterlyAtTargetJobKey(quarter.key),
    runAt: new Date(quarter.endsAt.getTime() + settleAfter_ms),
    payload: { quarter: quarter.key },
    // Enqueued again every hour until the next quarter ends: the key must outlive that.
    keepMs: quarterKeep_ms,
  });
  return { quarter: quarter.key, created, runAt: job.runAt };
}

export type QuarterlyAtTargetRequest = { result: 'enqueued'; quarter: string; jobKey: string } | { result: 'quarter_key_invalid' | 'quarter_not_ended'; quarter: string };

/** On demand: judge an ended quarter now (its own job key per request second). */
export async function requestQuarterlyAtTarget(deps: AppDeps, quarter: string): Promise<QuarterlyAtTargetRequest> {
  if (!isQuarterKey(quarter)) return { result: 'quarter_key_invalid', quarter };
  const now = deps.clock.now();
  if (now < quarterPeriodOfKey(quarter).endsAt) return { result: 'quarter_not_ended', quarter };
  const key = `${quarterlyAtTargetJobKey(quarter)}:demand:${Math.floor(now.getTime() / 1000)}`;
  await enqueueJob(deps.models, { name: quarterlyAtTargetJob, key, runAt: now, payload: { quarter } });
  return { result: 'enqueued', quarter, jobKey: key };
}

/** Registered from server/jobs/registry.ts. */
export function registerQuarterlyAtTargetJobs(runner: JobRunner): JobRunner {
  runner.register(quarterlyAtTargetJob, async ({ job, deps }) => {
    const quarter = (job.payload as { quarter?: unknown } | undefined)?.quarter;
    if (typeof quarter !== 'string' || !isQuarterKey(quarter)) throw new PermanentJobError(`quarterly at-target job without a quarter key: ${String(quarter)}`);
    return quarterlyAtTargetJudge(deps, { quarter });
  });
  return runner.every(scheduleQuarterlyAtTargetJob, scheduleEvery_ms, async ({ deps }) => scheduleQuarterlyAtTarget(deps));
}
