import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * A one-time binding code printed by the clinic for one resident. Only its keyed hash is stored;
 * using it is one conditional update (`usedAt: null` → now).
 */
export const bindingCodeSchema = new Schema(
  {
    codeHash: { type: String, required: true, unique: true },
    residentId: { type: Types.ObjectId, required: true, index: true },
    createdByAccountId: { type: Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    usedByAccountId: { type: Types.ObjectId, default: null },
  },
  { versionKey: false },
);

export type BindingCodeDoc = InferSchemaType<typeof bindingCodeSchema>;
