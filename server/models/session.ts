import { Schema, Types, type InferSchemaType } from 'mongoose';

/** A login session. Only the SHA-256 of the token is stored, so a database leak yields no sessions. */
export const sessionSchema = new Schema(
  {
    tokenHash: { type: String, required: true, unique: true },
    accountId: { type: Types.ObjectId, required: true, index: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    userAgent: { type: String, default: '' },
  },
  { versionKey: false },
);

export type SessionDoc = InferSchemaType<typeof sessionSchema>;
