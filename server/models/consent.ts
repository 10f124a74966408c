import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * One consent decision, append-only: the privacy guide (用户隐私保护指引) and the separate
 * health-data consent (PIPL Art. 29) are decided separately, each with the version shown. The
 * current state of a document is its latest entry. A decline stores this entry and nothing else.
 */
export const consentDocuments = ['privacyGuide', 'healthData'] as const;
export const consentDecisions = ['accepted', 'declined', 'withdrawn'] as const;

export const consentSchema = new Schema(
  {
    accountId: { type: Types.ObjectId, required: true },
    document: { type: String, enum: consentDocuments, required: true },
    version: { type: String, required: true },
    decision: { type: String, enum: consentDecisions, required: true },
    at: { type: Date, required: true },
    requestId: { type: String, required: true },
  },
  { versionKey: false },
);
consentSchema.index({ accountId: 1, at: -1 });

export type ConsentDoc = InferSchemaType<typeof consentSchema>;
