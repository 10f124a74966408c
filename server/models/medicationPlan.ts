import { Schema, type InferSchemaType } from 'mongoose';
import { indexSourceRecord, sourceRecordFields } from './sourceRecord';

/** A medication the resident takes (drug, dose, frequency, period), as prescribed by the clinic. */
export const medicationPlanSchema = new Schema(
  {
    ...sourceRecordFields(),
    startedOn: { type: String, required: true },
    status: { type: String, enum: ['active', 'stopped'], required: true },
  },
  { versionKey: false },
);
indexSourceRecord(medicationPlanSchema, 'startedOn');

export type MedicationPlanDoc = InferSchemaType<typeof medicationPlanSchema>;
