import { Schema, Types, type InferSchemaType } from 'mongoose';
import { proxyScopes } from '../../shared/api/identity';

export { proxyScopes, type ProxyScope } from '../../shared/api/identity';

/**
 * A resident's one-time invitation for a family member to act for them with the given scopes.
 * Only the code's keyed hash is stored; accepting is one conditional update (`pending` → `accepted`).
 */
export const invitationSchema = new Schema(
  {
    codeHash: { type: String, required: true, unique: true },
    residentId: { type: Types.ObjectId, required: true, index: true },
    createdByAccountId: { type: Types.ObjectId, required: true },
    scopes: { type: [String], enum: proxyScopes, required: true },
    relationship: { type: String, default: null },
    status: { type: String, enum: ['pending', 'accepted'], default: 'pending' },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    acceptedAt: { type: Date, default: null },
    acceptedByAccountId: { type: Types.ObjectId, default: null },
    proxyLinkId: { type: Types.ObjectId, default: null },
  },
  { versionKey: false },
);

export type InvitationDoc = InferSchemaType<typeof invitationSchema>;
