import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A clinic information system allowed to push data for one institution. Its HMAC key must be
 * usable to verify signatures, so it is stored encrypted (fieldCrypto kind `integrationKey`), not
 * hashed; it is shown once when issued. Deactivating a client stops its requests at once.
 */
export const integrationClientSchema = new Schema(
  {
    clientId: { type: String, required: true, unique: true },
    institutionId: { type: String, required: true },
    name: { type: String, required: true },
    keyEncrypted: { type: String, required: true },
    active: { type: Boolean, default: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export type IntegrationClientDoc = InferSchemaType<typeof integrationClientSchema>;
