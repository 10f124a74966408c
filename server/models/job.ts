import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A durable background job. `key` makes enqueueing idempotent (one reminder, one period close);
 * a lease (`leaseOwner`, `leaseExpiresAt`) lets exactly one instance run it, and an expired lease
 * means its instance died, so another may take it over.
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
  },
  { timestamps: true, minimize: false },
);
jobSchema.index({ state: 1, runAt: 1 });

export type JobDoc = InferSchemaType<typeof jobSchema>;
