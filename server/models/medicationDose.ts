import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * One scheduled dose the resident (or a family member with `logReadings`) marked 已服用 or 跳过.
 * `doseKey` = `<planId>:<day>:<HH:MM>` is unique: one document per dose however often it is tapped;
 * a later tap the same day changes the decision (the last one counts, the first time is kept).
 * Only today's doses can be marked: a dose left unmarked stays "missed" once its day is over.
 */
export const medicationDoseSchema = new Schema(
  {
    doseKey: { type: String, required: true, unique: true },
    residentId: { type: Types.ObjectId, required: true },
    planId: { type: Types.ObjectId, required: true },
    day: { type: String, required: true },
    time: { type: String, required: true },
    status: { type: String, enum: ['taken', 'skipped'], required: true },
    skipReason: { type: String, default: null },
    firstRecordedAt: { type: Date, required: true },
    recordedAt: { type: Date, required: true },
    recordedBy: {
      type: new Schema(
        {
          accountId: { type: Types.ObjectId, required: true },
          actingAs: { type: String, enum: ['resident', 'proxy'], required: true },
          proxyLinkId: { type: Types.ObjectId, default: null },
        },
        { _id: false },
      ),
      required: true,
    },
  },
  { versionKey: false },
);
medicationDoseSchema.index({ residentId: 1, day: -1 });

export type MedicationDoseDoc = InferSchemaType<typeof medicationDoseSchema>;
