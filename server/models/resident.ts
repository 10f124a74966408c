import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * A resident's health archive as imported from the primary-care institution. The ID number and the
 * phone number exist only encrypted (`*Encrypted`, see server/privacy/fieldCrypto.ts) plus a keyed
 * hash for lookups (`*Hash`). `accountId` is the WeChat account bound to it; claiming it is one
 * conditional update (`accountId: null` → the account), so two accounts can never both bind.
 */
export const residentStatuses = ['active', 'inactive'] as const;

export const residentSchema = new Schema(
  {
    name: { type: String, required: true },
    idNumberEncrypted: { type: String, required: true },
    idNumberHash: { type: String, required: true, unique: true },
    phoneEncrypted: { type: String, default: null },
    phoneHash: { type: String, default: null, index: true },
    birthDate: { type: String, required: true },
    sex: { type: String, enum: ['male', 'female'], required: true },
    institutionId: { type: String, required: true },
    teamId: { type: String, default: null },
    status: { type: String, enum: residentStatuses, default: 'active' },
    accountId: { type: Types.ObjectId, default: null, index: true },
    boundAt: { type: Date, default: null },
    /** From the clinic's archive (integration API): height for BMI, and the doctor's own targets. */
    heightCm: { type: Number, default: null },
    /**
     * What the cardiovascular risk rules need beyond the archive (integration `riskFactors` or the
     * doctor's 风险因素 form; server/records/riskFactors.ts). A nested path, not a subdocument, so one
     * factor can be set without the others; null = not known.
     */
    riskFactors: {
      smokingStatus: { type: String, enum: ['never', 'former', 'current', null], default: null },
      smokingRecordedAt: { type: Date, default: null },
      familyHistoryOfAscvd: { type: Boolean, default: null },
      areaType: { type: String, enum: ['urban', 'rural', null], default: null },
      region: { type: String, enum: ['north', 'south', null], default: null },
      ckdStage: { type: Number, min: 1, max: 5, default: null },
      updatedAt: { type: Date, default: null },
    },
    clinicalTargets: {
      type: new Schema(
        {
          bpOffice: { type: new Schema({ systolicBelowMmHg: Number, diastolicBelowMmHg: Number }, { _id: false }), default: null },
          bpHome: { type: new Schema({ systolicBelowMmHg: Number, diastolicBelowMmHg: Number }, { _id: false }), default: null },
          ascvdRiskLevel: { type: String, enum: ['low', 'medium', 'high', 'veryHigh', 'ultraHigh', null], default: null },
        },
        { _id: false },
      ),
      default: null,
    },
    /**
     * What the resident chose to share with their authorised relatives beyond what `view` gives
     * (today: the weekly summary). Off until the resident turns it on; every change is audited.
     */
    familySharing: {
      type: new Schema({ weeklySummary: { type: Boolean, default: false }, updatedAt: { type: Date, default: null } }, { _id: false }),
      default: () => ({ weeklySummary: false, updatedAt: null }),
    },
  },
  { timestamps: true },
);
residentSchema.index({ institutionId: 1, teamId: 1 });

export type ResidentDoc = InferSchemaType<typeof residentSchema>;
