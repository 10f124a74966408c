import { Schema } from 'mongoose';

/**
 * One counter of rate-limiter-flexible's MongoDB store (server/http/rateLimit.ts writes it through
 * the library): `key` is `<limiter>:<subject>|<window index>`, `points` the hits counted in that
 * window, `expire` when the library stops reading it (two windows after the first hit). Expired
 * counters are purged by a job, not a TTL index.
 */
export const rateLimitCounterSchema = new Schema(
  {
    key: { type: String, required: true },
    points: { type: Number, required: true },
    expire: { type: Date, default: null },
  },
  { versionKey: false },
);
rateLimitCounterSchema.index({ key: 1 }, { unique: true });
rateLimitCounterSchema.index({ expire: 1 });
