import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * A WeChat account of this mini-program (one per openid). Binding it to a resident's archive,
 * consent and staff roles are kept here; the health archive itself is a separate document.
 */
export const accountSchema = new Schema(
  {
    openid: { type: String, required: true, unique: true },
    unionid: { type: String, default: null },
    roles: { type: [String], default: [] },
    status: { type: String, enum: ['active', 'deactivated'], default: 'active' },
    /** The health archive this WeChat account is bound to (set by binding, cleared on consent withdrawal). */
    residentId: { type: Types.ObjectId, default: null },
    boundAt: { type: Date, default: null },
    /**
     * Where a staff role works: cashier → pharmacyId; doctor → institutionId and teamId; specialist →
     * institutionId (their hospital) and the primary-care institutions they co-manage.
     */
    staff: {
      type: new Schema({ institutionId: String, teamId: String, pharmacyId: String, coversInstitutionIds: { type: [String], default: undefined } }, { _id: false }),
      default: null,
    },
    deactivatedAt: { type: Date, default: null },
    /**
     * Incremented, in the same update, by every write that changes what a session copies (roles,
     * staff, residentId); sessions holding an older copy are refreshed (server/auth/sessions.ts).
     */
    actorVersion: { type: Number, default: 0 },
    lastLoginAt: { type: Date, required: true },
  },
  { timestamps: true },
);

export type AccountDoc = InferSchemaType<typeof accountSchema>;
