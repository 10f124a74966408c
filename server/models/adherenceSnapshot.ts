import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * A resident's adherence (shared/medication/adherence.ts) over the last 30 and 90 days as of `day`,
 * one document per resident (`_id` = residentId), for the doctor's panel and the programme report,
 * which read many residents at once. Recomputed after every dose or plan change and daily by a job
 * (the window moves with the calendar). `basedOnAt` is when the computation started reading: an
 * update never replaces a snapshot based on later reads, so racing recomputations keep the newest.
 */
const window = new Schema(
  {
    windowDays: { type: Number, required: true },
    daysWithDoses: { type: Number, required: true },
    daysCovered: { type: Number, required: true },
    percent: { type: Number, default: null },
    level: { type: String, enum: ['good', 'poor', 'unknown'], required: true },
  },
  { _id: false },
);

export const adherenceSnapshotSchema = new Schema(
  {
    _id: { type: Types.ObjectId, required: true },
    institutionId: { type: String, required: true },
    teamId: { type: String, default: null },
    day: { type: String, required: true },
    basedOnAt: { type: Date, required: true },
    activePlans: { type: Number, required: true },
    last30: { type: window, required: true },
    last90: { type: window, required: true },
  },
  { versionKey: false },
);
adherenceSnapshotSchema.index({ institutionId: 1, teamId: 1 });
adherenceSnapshotSchema.index({ day: 1 });

export type AdherenceSnapshotDoc = InferSchemaType<typeof adherenceSnapshotSchema>;
