import type { AppDeps } from '../deps';
import { claimNextJob, completeJob, enqueueJob, failJob, type Job } from './jobQueue';

export interface JobContext {
  job: Job;
  deps: AppDeps;
}

export type JobHandler = (context: JobContext) => Promise<unknown>;

/** A failure the handler knows retrying will not fix (for example WeChat's 43101, no subscription). */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export interface RecurringJob {
  name: string;
  everyMs: number;
}

/**
 * Runs durable jobs from MongoDB. Every instance runs one; leases make each job run once across
 * them, and recurring jobs are enqueued under a per-slot key so only one instance creates each run.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly recurring: RecurringJob[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly deps: AppDeps,
    private readonly options: { leaseMs?: number; pollMs?: number } = {},
  ) {}

  register(name: string, handler: JobHandler): this {
    this.handlers.set(name, handler);
    return this;
  }

  every(name: string, everyMs: number, handler: JobHandler): this {
    this.recurring.push({ name, everyMs });
    return this.register(name, handler);
  }

  /** Enqueues the current slot of every recurring job (idempotent by key). */
  async scheduleRecurring(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    for (const { name, everyMs } of this.recurring) {
      const slot = now - (now % everyMs);
      await enqueueJob(this.deps.models, { name, key: `${name}@${new Date(slot).toISOString()}`, runAt: new Date(slot) });
    }
  }

  /** Runs due jobs until none is left; returns how many ran. Tests and the poll loop both use it. */
  async runDueJobs(limit = 100): Promise<number> {
    let ran = 0;
    while (ran < limit) {
      const job = await claimNextJob(this.deps.models, {
        owner: this.deps.instanceId,
        names: [...this.handlers.keys()],
        now: this.deps.clock.now(),
        leaseMs: this.options.leaseMs ?? 60_000,
      });
      if (!job) break;
      await this.execute(job);
      ran += 1;
    }
    return ran;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      try {
        await this.scheduleRecurring();
        await this.runDueJobs();
      } catch (err) {
        this.deps.logger.error({ err }, 'job loop failed');
      }
      if (!this.stopped) this.timer = setTimeout(() => void (this.running = tick()), this.options.pollMs ?? 1000);
    };
    this.running = tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private async execute(job: Job): Promise<void> {
    const handler = this.handlers.get(job.name);
    const owner = this.deps.instanceId;
    const log = this.deps.logger.child({ jobId: String(job._id), job: job.name, attempt: job.attempts });
    try {
      if (!handler) throw new PermanentJobError(`no handler for ${job.name}`);
      const result = await handler({ job, deps: this.deps });
      const kept = await completeJob(this.deps.models, job, owner, this.deps.clock.now(), result);
      if (!kept) log.warn('job lease was taken over before completion');
    } catch (err) {
      log.warn({ err }, 'job failed');
      await failJob(this.deps.models, job, owner, this.deps.clock.now(), err, { retry: !(err instanceof PermanentJobError) });
    }
  }
}
