import { Schema, Types, type InferSchemaType } from 'mongoose';
import { planChangeKinds, visitSettings } from '../../shared/comanagement/labels';

/**
 * A specialist's 接诊服务记录单 for a co-managed resident: where (online, outreach rounds, a clinic
 * session at the primary-care institution), what they found, their review of the diagnosis, the
 * changes to the plan, advice for the team and — in plain Chinese — for the resident, and the next
 * review date. Immutable once written; `requestKey` (the specialist's request id) makes a retry
 * harmless.
 */
export const specialistVisitSchema = new Schema(
  {
    requestKey: { type: String, required: true, unique: true },
    contentHash: { type: String, required: true },
    residentId: { type: Types.ObjectId, required: true },
    institutionId: { type: String, required: true },
    teamId: { type: String, default: null },
    specialistAccountId: { type: String, required: true },
    specialistInstitutionId: { type: String, required: true },
    specialistName: { type: String, required: true },
    department: { type: String, default: null },
    setting: { type: String, enum: visitSettings, required: true },
    visitedOn: { type: String, required: true },
    findings: { type: String, required: true },
    diagnosisReview: { type: String, default: null },
    planChanges: { type: [new Schema({ kind: { type: String, enum: planChangeKinds, required: true }, text: { type: String, required: true } }, { _id: false })], default: [] },
    adviceToTeam: { type: String, default: null },
    adviceToResident: { type: String, required: true },
    nextReviewOn: { type: String, default: null },
    recordedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
specialistVisitSchema.index({ residentId: 1, visitedOn: -1 });
specialistVisitSchema.index({ teamId: 1, visitedOn: 1 });

export type SpecialistVisitDoc = InferSchemaType<typeof specialistVisitSchema>;
