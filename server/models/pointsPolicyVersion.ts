import { Schema } from 'mongoose';

/** A version of the points policy (shared/points/policy.ts), effective from its date, never edited. */
export const pointsPolicyVersionSchema = new Schema(
  {
    _id: { type: Number, required: true },
    effectiveFrom: { type: Date, required: true },
    policy: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);
