import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A partner pharmacy. `_id` is a short string (`ph-…`) because a cashier's account carries it as
 * `staff.pharmacyId`. Settlement details say where the programme pays the pharmacy's statements.
 */
export const pharmacySchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    licenceNumber: { type: String, required: true, unique: true },
    address: { type: String, required: true },
    settlement: {
      type: new Schema({ accountName: String, bankName: String, accountNumber: String }, { _id: false }),
      required: true,
    },
    status: { type: String, enum: ['active', 'suspended'], default: 'active' },
    createdAt: { type: Date, required: true },
    createdByAccountId: { type: String, required: true },
  },
  { versionKey: false },
);

export type PharmacyDoc = InferSchemaType<typeof pharmacySchema>;
