import { Schema, type InferSchemaType } from 'mongoose';
import { indexSourceRecord, sourceRecordFields } from './sourceRecord';

/**
 * A medication the resident takes, as prescribed: pushed by a clinic system (its own id is the
 * source id) or entered by the resident's doctor (`staff:<residentId>:<clientRequestId>`).
 * `data` holds the current fields (drug, dose, times of day, period, long prescription, programme
 * subsidy, folate course). A change is a new version: `version` counts them and `versions` keeps
 * every one with when, by whom and from which Shanghai day it applies (shared/medication/
 * schedule.ts), so the schedule of a past day is the one it had. The version is pushed in the same
 * conditional update that changes the fields, so history and current state never disagree.
 * Documents stored before versions existed read as version 1.
 */
export const medicationPlanVersionSchema = new Schema(
  {
    version: { type: Number, required: true },
    effectiveFrom: { type: String, required: true },
    recordedAt: { type: Date, required: true },
    /** `integration:<clientId>` or `doctor:<accountId>`. */
    recordedBy: { type: String, required: true },
    /** The doctor's request id, so a retried change finds the version it made. */
    requestId: { type: String, default: null },
    contentHash: { type: String, required: true },
    data: { type: Schema.Types.Mixed, required: true },
  },
  { _id: false },
);

export const medicationPlanSchema = new Schema(
  {
    ...sourceRecordFields(),
    startedOn: { type: String, required: true },
    status: { type: String, enum: ['active', 'stopped'], required: true },
    version: { type: Number, default: undefined },
    versions: { type: [medicationPlanVersionSchema], default: undefined },
    /** A folate course's re-check, once an Hcy test in its window is on record (server/medication/folateCourses.ts). */
    courseRecheckedOn: { type: String, default: undefined },
  },
  { versionKey: false },
);
indexSourceRecord(medicationPlanSchema, 'startedOn');
medicationPlanSchema.index({ status: 1, residentId: 1 });

export type MedicationPlanDoc = InferSchemaType<typeof medicationPlanSchema>;
