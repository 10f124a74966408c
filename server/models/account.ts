import { Schema, type InferSchemaType } from 'mongoose';

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
    lastLoginAt: { type: Date, required: true },
  },
  { timestamps: true },
);

export type AccountDoc = InferSchemaType<typeof accountSchema>;
