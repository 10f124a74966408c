import { Schema } from 'mongoose';

/**
 * A short exclusive lease on a key (server/db/lease.ts): taken by an insert or by taking over an
 * expired one, released by its holder. `until` bounds how long a crashed holder can block others.
 */
export const leaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { versionKey: false },
);
