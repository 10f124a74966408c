import { Schema } from 'mongoose';

/**
 * A primary-care institution of the programme (`_id` = the institution id residents and staff carry,
 * e.g. `inst-east`). `targetPopulation` is the 签约率 denominator the programme sets for it.
 */
export const institutionSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    targetPopulation: { type: Number, default: null },
    createdAt: { type: Date, required: true },
    createdByAccountId: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
institutionSchema.index({ createdAt: -1 });
