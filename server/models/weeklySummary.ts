import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * One resident's summary of one Shanghai week (Monday to Sunday): readings logged, how many were
 * at target, points earned, the next visit. Written once by the weekly job; `key`
 * (`<residentId>:<weekStart>`) is unique, so a rerun, a second instance or a restart never writes
 * a second summary for the same resident-week.
 */
export const weeklySummarySchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    residentId: { type: Types.ObjectId, required: true },
    /** Shanghai calendar days, Monday and Sunday. */
    weekStart: { type: String, required: true },
    weekEnd: { type: String, required: true },
    readingCount: { type: Number, required: true },
    atTargetCount: { type: Number, required: true },
    /** Readings with a target to judge against (the 达标 count's denominator). */
    judgedCount: { type: Number, required: true },
    readingCountsByMeasure: { type: Schema.Types.Mixed, default: {} },
    familyEnteredCount: { type: Number, required: true, default: 0 },
    pointsEarned: { type: Number, required: true },
    nextVisit: { type: new Schema({ date: String, startTime: String, kind: String, place: String }, { _id: false }), default: null },
    /** When nothing is booked: the most urgent item due (its kind and date). */
    nextDue: { type: new Schema({ kind: String, dueBy: String, status: String }, { _id: false }), default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
weeklySummarySchema.index({ residentId: 1, weekStart: -1 });

export type WeeklySummaryDoc = InferSchemaType<typeof weeklySummarySchema>;

/**
 * How far the weekly job has walked the residents for one week (`_id` = the week's Monday): the
 * last resident id done, advanced by a conditional update on the value it read, and `done`.
 */
export const weeklySummaryRunSchema = new Schema(
  {
    _id: { type: String, required: true },
    lastResidentId: { type: Types.ObjectId, default: null },
    done: { type: Boolean, required: true, default: false },
  },
  { versionKey: false },
);
