import { Schema, Types, type InferSchemaType } from 'mongoose';
import { referralStates, referralUrgencies } from '../../shared/comanagement/referrals';

/**
 * An up-referral (双向转诊) from a family-doctor team to a higher-level institution, through its
 * states (shared/comanagement/referrals.ts). Every step is one conditional update on `state`;
 * `history` keeps who moved it when (the audit log has the same from `authorize`). The down-referral
 * (`returned`) carries the outcome and the plan the team's due items follow.
 */
export const referralSchema = new Schema(
  {
    requestKey: { type: String, required: true, unique: true },
    contentHash: { type: String, required: true },
    residentId: { type: Types.ObjectId, required: true },
    institutionId: { type: String, required: true },
    teamId: { type: String, default: null },
    toInstitutionId: { type: String, required: true },
    toDepartment: { type: String, default: null },
    reason: { type: String, required: true },
    urgency: { type: String, enum: referralUrgencies, required: true },
    greenChannel: { type: Boolean, default: false },
    state: { type: String, enum: referralStates, required: true },
    referredOn: { type: String, required: true },
    referredByAccountId: { type: String, required: true },
    answeredAt: { type: Date, default: null },
    answerNote: { type: String, default: null },
    returnedOn: { type: String, default: null },
    outcome: { type: String, default: null },
    plan: {
      type: new Schema({ text: { type: String, required: true }, followUpWithinDays: { type: Number, required: true }, adviceToResident: { type: String, default: null } }, { _id: false }),
      default: null,
    },
    history: { type: [new Schema({ state: String, at: Date, byAccountId: String }, { _id: false })], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
referralSchema.index({ residentId: 1, createdAt: -1 });
referralSchema.index({ toInstitutionId: 1, state: 1, createdAt: -1 });
referralSchema.index({ teamId: 1, referredOn: 1 });
referralSchema.index({ teamId: 1, returnedOn: 1 });

export type ReferralDoc = InferSchemaType<typeof referralSchema>;
