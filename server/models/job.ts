import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A durable background job. `key` makes enqueueing idempotent (one reminder, one period close);
 * a lease (`leaseOwner`, `leaseExpiresAt`) lets exactly one instance run it, and an expired lease
 * means its instance died, so another may take it over. Finished jobs are kept `keepMs` (so their
 * key still refuses a second enqueue for that long), then purged: the collection holds what is
 * pending plus a bounded tail, however long the service runs.
 */
export const jobStates = ['queued', 'running', 'done', 'dead'] as const;

export const jobSchema = new Schema(
  {
    name: { type: String, required: true },
    key: { type: String, required: true, unique: true },
    payload: { type: Schema.Types.Mixed, default: {} },
    state: { type: String, enum: jobStates, required: true, default: 'queued' },
    runAt: { type: Date, required: true },
    attempts: { type: Number, required: true, default: 0 },
    maxAttempts: { type: Number, required: true, default: 8 },
    leaseOwner: { type: String, default: null },
    leaseExpiresAt: { type: Date, default: null },
    lastError: { type: String, default: null },
    result: { type: Schema.Types.Mixed, default: null },
    finishedAt: { type: Date, default: null },
    /** How long after it finishes the job (and so its key) is kept; see jobQueue's purge. */
    keepMs: { type: Number, required: true, default: 24 * 3_600_000 },
    /** Set when the job is done or dead: from then on the purge may delete it. */
    purgeAfter: { type: Date, default: null },
  },
  { timestamps: true, minimize: false },
);
// The poll reads only `queued` (and `running`, for expired leases) jobs, and the purge only `done`
// and `dead` ones: an equality on state, so neither reads the finished history.
jobSchema.index({ state: 1, runAt: 1 });

export type JobDoc = InferSchemaType<typeof jobSchema>;
