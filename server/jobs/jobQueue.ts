import type { HydratedDocument } from 'mongoose';
import type { Models } from '../db/models';
import type { JobDoc } from '../models/job';

export type Job = HydratedDocument<JobDoc>;

export interface EnqueueInput {
  name: string;
  /** Idempotency key: enqueueing the same key twice yields the one job. */
  key: string;
  payload?: Record<string, unknown>;
  runAt: Date;
  maxAttempts?: number;
  /**
   * How long the finished job is kept, and so how long its key stays taken (default a day). A
   * recurring job's slot key needs only its slot; a key enqueued again for months needs longer.
   */
  keepMs?: number;
}

const day_ms = 24 * 3_600_000;
/** Dead jobs (out of attempts, or a permanent failure) are kept longer, for inspection. */
const deadKeep_ms = 30 * day_ms;

/** Same-process listeners (the runner) told when a job is enqueued, so it need not wait for a poll. */
const enqueueListeners = new WeakMap<object, Set<() => void>>();

export function onJobEnqueued(models: Models, listener: () => void): () => void {
  let listeners = enqueueListeners.get(models.Job);
  if (!listeners) enqueueListeners.set(models.Job, (listeners = new Set()));
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const duplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

export async function enqueueJob(models: Models, input: EnqueueInput): Promise<{ job: JobDoc; created: boolean }> {
  try {
    const job = await models.Job.create({
      name: input.name,
      key: input.key,
      payload: input.payload ?? {},
      runAt: input.runAt,
      maxAttempts: input.maxAttempts ?? 8,
      keepMs: input.keepMs ?? day_ms,
    });
    for (const listener of enqueueListeners.get(models.Job) ?? []) listener();
    return { job: job.toObject(), created: true };
  } catch (err) {
    if (!duplicateKey(err)) throw err;
    const job = await models.Job.findOne({ key: input.key }).lean<JobDoc>();
    if (!job) throw err;
    return { job, created: false };
  }
}

/**
 * Takes the next due job with a lease, in one conditional update, so two instances never both take
 * it. A running job whose lease ran out belonged to an instance that died; it is taken over.
 * Each query starts with an equality on `state` (index { state, runAt }), so a poll reads the
 * pending jobs only, never the finished ones: on FerretDB an equality is what reaches the index.
 */
export async function claimNextJob(
  models: Models,
  options: { owner: string; names: string[]; now: Date; leaseMs: number },
): Promise<Job | null> {
  const { owner, names, now, leaseMs } = options;
  const lease = { $set: { state: 'running', leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } };
  const due = await models.Job.findOneAndUpdate({ state: 'queued', runAt: { $lte: now }, name: { $in: names } }, lease, { sort: { runAt: 1 }, returnDocument: 'after' });
  if (due) return due;
  return models.Job.findOneAndUpdate({ state: 'running', leaseExpiresAt: { $lt: now }, name: { $in: names } }, lease, { sort: { runAt: 1 }, returnDocument: 'after' });
}

/** Deletes finished jobs past their keep time; returns how many. */
export async function purgeFinishedJobs(models: Models, now: Date): Promise<number> {
  let deleted = 0;
  for (const state of ['done', 'dead'] as const) {
    deleted += (await models.Job.deleteMany({ state, purgeAfter: { $lte: now } })).deletedCount;
  }
  return deleted;
}

/** Finishes a job only if this owner still holds its lease; returns false if it was taken over. */
export async function completeJob(models: Models, job: Job, owner: string, now: Date, result: unknown): Promise<boolean> {
  const { modifiedCount } = await models.Job.updateOne(
    { _id: job._id, state: 'running', leaseOwner: owner },
    { $set: { state: 'done', result: result ?? null, finishedAt: now, purgeAfter: new Date(now.getTime() + (job.keepMs ?? day_ms)), leaseOwner: null, leaseExpiresAt: null } },
  );
  return modifiedCount === 1;
}

/** Exponential backoff from 5 s, capped at 1 h; after maxAttempts the job is dead and kept for inspection. */
export function retryDelayMs(attempts: number): number {
  return Math.min(5000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export async function failJob(models: Models, job: Job, owner: string, now: Date, error: unknown, options: { retry: boolean }): Promise<void> {
  const dead = !options.retry || job.attempts >= job.maxAttempts;
  await models.Job.updateOne(
    { _id: job._id, state: 'running', leaseOwner: owner },
    {
      $set: {
        state: dead ? 'dead' : 'queued',
        runAt: dead ? job.runAt : new Date(now.getTime() + retryDelayMs(job.attempts)),
        lastError: String(error instanceof Error ? error.message : error).slice(0, 1000),
        finishedAt: dead ? now : null,
        purgeAfter: dead ? new Date(now.getTime() + Math.max(job.keepMs ?? day_ms, deadKeep_ms)) : null,
        leaseOwner: null,
        leaseExpiresAt: null,
      },
    },
  );
}
