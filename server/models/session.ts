import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * What a request needs of its account (authz reads nothing else), copied onto each session so the
 * lookup is one read by `_id`. `actorVersion` is the account's `actorVersion` the copy was taken at:
 * every write that changes roles, staff affiliation or binding increments the account's and pushes
 * the new copy to its sessions (server/auth/sessions.ts).
 */
const sessionActorSchema = new Schema(
  {
    roles: { type: [String], default: [] },
    residentId: { type: Types.ObjectId, default: null },
    staff: { type: new Schema({ institutionId: String, teamId: String, pharmacyId: String, coversInstitutionIds: { type: [String], default: undefined } }, { _id: false }), default: null },
  },
  { _id: false },
);

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
    /** Null until the first request copies it from the account. */
    actor: { type: sessionActorSchema, default: null },
    actorVersion: { type: Number, default: -1 },
  },
  { versionKey: false },
);

export type SessionDoc = InferSchemaType<typeof sessionSchema>;
