import { Schema, Types, type InferSchemaType } from 'mongoose';
import { surveySubjects } from '../../shared/satisfaction/survey';

/**
 * A resident's answer to the satisfaction survey after one service (`_id` = `<subject>:<id>`, so at
 * most one per event), or their dismissal of it (`answers` null). Who served them is copied in at
 * the time: the team and institution the scorecard attributes it to, the pharmacy of a checkout, the
 * specialist's hospital.
 */
export const satisfactionResponseSchema = new Schema(
  {
    _id: { type: String, required: true },
    residentId: { type: Types.ObjectId, required: true },
    subject: { type: String, enum: surveySubjects, required: true },
    subjectId: { type: String, required: true },
    serviceOn: { type: String, required: true },
    institutionId: { type: String, required: true },
    teamId: { type: String, default: null },
    providerId: { type: String, default: null },
    answers: { type: new Schema({ overall: Number, attitude: Number, explanation: Number }, { _id: false }), default: null },
    answeredAt: { type: Date, required: true },
  },
  { versionKey: false },
);
satisfactionResponseSchema.index({ residentId: 1, answeredAt: -1 });
satisfactionResponseSchema.index({ teamId: 1, serviceOn: 1 });

export type SatisfactionResponseDoc = InferSchemaType<typeof satisfactionResponseSchema>;
