import type { AppDeps } from '../deps';
import { claimNextJob, completeJob, enqueueJob, failJob, onJobEnqueued, type Job } from './jobQueue';

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

/** An idle runner polls less and less often, up to this, and never past its next recurring slot. */
const maxIdlePoll_ms = 30_000;
/** Jobs one poll runs before it yields to the timer. */
const jobsPerPoll_max = 100;

/**
 * Runs durable jobs from MongoDB. Every instance runs one; leases make each job run once across
 * them, and recurring jobs are enqueued under a per-slot key so only one instance creates each run.
 *
 * Idle cost stays flat however long it runs: a recurring job is enqueued once per slot (not on
 * every poll), the poll reads only pending jobs (jobQueue), finished ones are purged after their
 * keep time (the recurring `housekeeping.purgeJobs`), and with nothing to do the poll backs off
 * from `pollMs` to 30 s, waking for the next recurring slot or a job this process enqueues.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly recurring: RecurringJob[] = [];
  /** Per recurring job, the start of the next slot not yet enqueued by this runner. */
  private readonly nextSlotAt = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private idlePoll_ms = 0;
  private wakeRequested = false;
  private stopListening: (() => void) | undefined;

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

  /** Enqueues the current slot of every recurring job whose slot this runner has not enqueued yet (idempotent by key). */
  async scheduleRecurring(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    for (const { name, everyMs } of this.recurring) {
      const slot = now - (now % everyMs);
      if (slot < (this.nextSlotAt.get(name) ?? 0)) continue;
      // The slot's key must stay taken while another instance may still enqueue that slot.
      await enqueueJob(this.deps.models, { name, key: `${name}@${new Date(slot).toISOString()}`, runAt: new Date(slot), keepMs: Math.max(2 * everyMs, 10 * 60_000) });
      this.nextSlotAt.set(name, slot + everyMs);
    }
  }

  /** Runs due jobs until none is left; returns how many ran. Tests and the poll loop both use it. */
  async runDueJobs(limit = jobsPerPoll_max): Promise<number> {
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
    this.stopListening = onJobEnqueued(this.deps.models, () => this.wake());
    this.running = this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopListening?.();
    clearTimeout(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    let ran = 0;
    try {
      await this.scheduleRecurring();
      // runDueJobs takes every job enqueued until now, this tick's own slots included: only an
      // enqueue from here on needs another poll.
      this.wakeRequested = false;
      ran = await this.runDueJobs();
    } catch (err) {
      this.deps.logger.error({ err }, 'job loop failed');
    }
    if (!this.stopped) this.timer = setTimeout(() => void (this.running = this.tick()), this.nextPollDelay(ran));
  }

  /**
   * A poll ends with no due job left, so the next waits: pollMs after a job enqueued by a request
   * or another instance ran, doubling while none does, capped at 30 s and at the next recurring
   * slot. A recurring run is not activity: its slots come back by themselves, and counting them
   * kept the poll at pollMs for good (consumeEvents runs every 5 s). An enqueue in this process,
   * or more due jobs than one poll takes, polls again at once.
   */
  private nextPollDelay(ran: number): number {
    const pollMs = this.options.pollMs ?? 1000;
    if (this.wakeRequested || ran >= jobsPerPoll_max) {
      this.idlePoll_ms = 0;
      return 0;
    }
    this.idlePoll_ms = Math.min(Math.max(pollMs, this.idlePoll_ms * 2), Math.max(pollMs, maxIdlePoll_ms));
    const now = this.deps.clock.now().getTime();
    const untilNextSlot = Math.min(...[...this.nextSlotAt.values()].map((at) => at - now));
    return Math.max(0, Math.min(this.idlePoll_ms, untilNextSlot));
  }

  /** A job was enqueued in this process: poll now rather than at the end of an idle wait. */
  private wake(): void {
    if (this.stopped) return;
    this.wakeRequested = true; // a tick under way polls again as soon as it ends
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void (this.running = this.tick()), 0);
  }

  private async execute(job: Job): Promise<void> {
    const handler = this.handlers.get(job.name);
    const owner = this.deps.instanceId;
    const log = this.deps.logger.child({ jobId: String(job._id), job: job.name, attempt: job.attempts });
    if (!this.recurring.some((r) => r.name === job.name)) this.idlePoll_ms = 0;
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
