import { Schema, type InferSchemaType } from 'mongoose';
import { indexSourceRecord, sourceRecordFields } from './sourceRecord';

/** An intervention course, e.g. 3 months of 5-methylfolate with its Hcy re-check date. */
export const interventionSchema = new Schema(
  {
    ...sourceRecordFields(),
    kind: { type: String, enum: ['methylfolateCourse', 'folicAcid', 'lifestyle', 'other'], required: true },
    startedOn: { type: String, required: true },
    status: { type: String, enum: ['planned', 'active', 'completed', 'stopped'], required: true },
    /** A folate course's re-check, once on record (server/medication/courseEvents.ts). */
    courseRecheckedOn: { type: String, default: undefined },
  },
  { versionKey: false },
);
indexSourceRecord(interventionSchema, 'startedOn');

export type InterventionDoc = InferSchemaType<typeof interventionSchema>;
