import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A one-time invitation for a pharmacy's cashier, issued by an admin. Only the code's keyed hash is
 * stored; accepting is one conditional update (`pending` and unexpired → `accepted`).
 */
export const cashierInvitationSchema = new Schema(
  {
    codeHash: { type: String, required: true, unique: true },
    pharmacyId: { type: String, required: true, index: true },
    createdByAccountId: { type: String, required: true },
    status: { type: String, enum: ['pending', 'accepted'], default: 'pending' },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    acceptedAt: { type: Date, default: null },
    acceptedByAccountId: { type: String, default: null },
  },
  { versionKey: false },
);

export type CashierInvitationDoc = InferSchemaType<typeof cashierInvitationSchema>;
