import { Schema } from 'mongoose';

/**
 * One rate-limit counter (server/http/rateLimit.ts): `_id` and `key` are `<limiter>/<subject>|<window
 * index>`, `points` the hits counted in that window, `expire` when it stops being read (two windows
 * after the first hit). Expired counters are purged by a job, not a TTL index. (Counters written by
 * rate-limiter-flexible before had an ObjectId `_id` and `<limiter>:` keys; they expire the same way.)
 */
export const rateLimitCounterSchema = new Schema(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    points: { type: Number, required: true },
    expire: { type: Date, default: null },
  },
  { versionKey: false },
);
rateLimitCounterSchema.index({ key: 1 }, { unique: true });
rateLimitCounterSchema.index({ expire: 1 });
