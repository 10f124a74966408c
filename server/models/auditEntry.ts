import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * Append-only record of an access to another person's data (proxy, staff, admin, integration) and
 * of administrative actions: who, about whom, what, when, from which request. Nothing updates or
 * deletes these documents; residents can read the entries about themselves.
 */
export const auditEntrySchema = new Schema(
  {
    at: { type: Date, required: true },
    requestId: { type: String, required: true },
    actor: {
      type: new Schema(
        {
          kind: { type: String, enum: ['resident', 'proxy', 'cashier', 'doctor', 'specialist', 'admin', 'integration', 'system'], required: true },
          accountId: { type: Types.ObjectId, default: null },
          clientId: { type: String, default: null },
          proxyLinkId: { type: Types.ObjectId, default: null },
          institutionId: { type: String, default: null },
          pharmacyId: { type: String, default: null },
        },
        { _id: false },
      ),
      required: true,
    },
    subjectResidentId: { type: Types.ObjectId, default: null },
    action: { type: String, required: true },
    /** What was read or changed, in words and ids; never identifiers in plaintext. */
    what: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, minimize: false },
);
auditEntrySchema.index({ subjectResidentId: 1, at: -1 });
auditEntrySchema.index({ at: -1 });

export type AuditEntryDoc = InferSchemaType<typeof auditEntrySchema>;
