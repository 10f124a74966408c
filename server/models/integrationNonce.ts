import { Schema, type InferSchemaType } from 'mongoose';

/**
 * Nonces of accepted signed requests. `{ clientId, nonce }` is unique, so a replayed request fails
 * on insert; rows are purged by a job once the request's timestamp is out of the accepted window
 * (after that the timestamp check rejects a replay anyway). No TTL index: the job does it.
 */
export const integrationNonceSchema = new Schema(
  {
    clientId: { type: String, required: true },
    nonce: { type: String, required: true },
    expiresAt: { type: Date, required: true, index: true },
  },
  { versionKey: false },
);
integrationNonceSchema.index({ clientId: 1, nonce: 1 }, { unique: true });

export type IntegrationNonceDoc = InferSchemaType<typeof integrationNonceSchema>;
