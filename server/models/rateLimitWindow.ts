import { Schema } from 'mongoose';

/** One fixed window of one rate-limit key; `_id` is `<key>|<windowStart>` so a hit is one upsert. */
export const rateLimitWindowSchema = new Schema(
  {
    _id: { type: String, required: true },
    count: { type: Number, required: true, default: 0 },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
rateLimitWindowSchema.index({ expiresAt: 1 });
