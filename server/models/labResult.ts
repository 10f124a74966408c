import { Schema, type InferSchemaType } from 'mongoose';
import { indexSourceRecord, sourceRecordFields } from './sourceRecord';

/**
 * A clinic measurement: a screening (筛查: BP, glucose, lipids) or a lab result (FPG, 2-h glucose,
 * HbA1c, TC/TG/LDL-C/HDL-C, Hcy). `kind` says which; `sourceType` is the same word, so a clinic
 * system may number screenings and lab results independently.
 */
export const labResultSchema = new Schema(
  {
    ...sourceRecordFields(),
    kind: { type: String, enum: ['screening', 'labResult'], required: true },
    measuredAt: { type: Date, required: true },
  },
  { versionKey: false },
);
indexSourceRecord(labResultSchema, 'measuredAt');

export type LabResultDoc = InferSchemaType<typeof labResultSchema>;
