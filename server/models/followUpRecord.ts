import { Schema, type InferSchemaType } from 'mongoose';
import { indexSourceRecord, sourceRecordFields } from './sourceRecord';

/**
 * One follow-up (随访) as recorded on the 高血压 / 2型糖尿病患者随访服务记录表
 * (docs/clinical-rules.md §5.5):
 * the form's fields are in `data`; the ones the service sorts and schedules by are also top-level.
 */
export const followUpRecordSchema = new Schema(
  {
    ...sourceRecordFields(),
    form: { type: String, enum: ['hypertension', 'diabetes'], required: true },
    visitedOn: { type: String, required: true },
    mode: { type: String, enum: ['clinic', 'home', 'phone'], required: true },
    /** As recorded, else derived from the form's values (server/followups/classification.ts); null if neither. */
    classification: { type: String, enum: ['satisfied', 'unsatisfied', 'adverseReaction', 'complication', null], default: null },
    classificationDerived: { type: Boolean, default: false },
  },
  { versionKey: false },
);
indexSourceRecord(followUpRecordSchema, 'visitedOn');

export type FollowUpRecordDoc = InferSchemaType<typeof followUpRecordSchema>;
