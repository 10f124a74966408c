import { Schema } from 'mongoose';

/**
 * A family-doctor team (家庭医生团队) of an institution (`_id` = the team id contracts carry). Its
 * members are staff accounts; the one flagged `lead` receives escalated alerts. `targetPopulation`
 * is the team's 签约率 denominator. `phone` is the team's service number (a work number, not
 * personal data) behind the residents' 联系家庭医生 button; set by admins or the clinic's system.
 */
export const teamMemberRoles = ['specialist', 'gp', 'publicHealth', 'villageDoctor', 'healthAssistant'] as const;

export const teamSchema = new Schema(
  {
    _id: { type: String, required: true },
    institutionId: { type: String, required: true },
    name: { type: String, required: true },
    targetPopulation: { type: Number, default: null },
    phone: { type: String, default: null },
    members: {
      type: [new Schema({ accountId: { type: String, required: true }, name: { type: String, required: true }, role: { type: String, enum: teamMemberRoles, required: true }, lead: { type: Boolean, default: false } }, { _id: false })],
      default: [],
    },
    createdAt: { type: Date, required: true },
    createdByAccountId: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
teamSchema.index({ institutionId: 1, createdAt: -1 });
