import { Schema, type InferSchemaType } from 'mongoose';
import { indexSourceRecord, sourceRecordFields } from './sourceRecord';

/** A diagnosis of one of the four conditions (四高), or CKD (it changes the BP target), with its date. */
export const diagnosisConditions = ['hypertension', 'hyperglycemia', 'dyslipidemia', 'hyperhomocysteinemia', 'ckd'] as const;

export const diagnosisSchema = new Schema(
  {
    ...sourceRecordFields(),
    condition: { type: String, enum: diagnosisConditions, required: true },
    diagnosedOn: { type: String, required: true },
    status: { type: String, enum: ['active', 'resolved', 'excluded'], required: true },
  },
  { versionKey: false },
);
indexSourceRecord(diagnosisSchema, 'diagnosedOn');

export type DiagnosisDoc = InferSchemaType<typeof diagnosisSchema>;
