import { Schema, Types, type InferSchemaType } from 'mongoose';
import { proxyScopes } from './invitation';

/**
 * A proxy (家属代办) relationship: this account may act for this resident within `scopes`.
 * `pairKey` is `<residentId>:<proxyAccountId>` while the link is active and gets the link id
 * appended when it is revoked, so a unique index allows one active link per pair without partial
 * indexes. Created from an accepted invitation or by clinic staff after in-person verification.
 */
export const proxyLinkSchema = new Schema(
  {
    pairKey: { type: String, required: true, unique: true },
    residentId: { type: Types.ObjectId, required: true, index: true },
    proxyAccountId: { type: Types.ObjectId, required: true, index: true },
    scopes: { type: [String], enum: proxyScopes, required: true },
    relationship: { type: String, default: null },
    status: { type: String, enum: ['active', 'revoked'], default: 'active' },
    createdAt: { type: Date, required: true },
    createdBy: {
      type: new Schema(
        {
          kind: { type: String, enum: ['invitation', 'staffVerification'], required: true },
          invitationId: { type: Types.ObjectId, default: null },
          staffAccountId: { type: Types.ObjectId, default: null },
          institutionId: { type: String, default: null },
          verifiedAt: { type: Date, default: null },
          verificationMethod: { type: String, default: null },
          note: { type: String, default: null },
        },
        { _id: false },
      ),
      required: true,
    },
    revokedAt: { type: Date, default: null },
    revokedByAccountId: { type: Types.ObjectId, default: null },
    revokedReason: { type: String, default: null },
  },
  { versionKey: false },
);

export type ProxyLinkDoc = InferSchemaType<typeof proxyLinkSchema>;
