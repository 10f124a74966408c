import { Schema, Types } from 'mongoose';

/**
 * Fields every record pushed by a clinic information system carries. The source system's id is the
 * idempotency key: `{ institutionId, sourceType, sourceId }` is unique, so a re-push finds the same
 * document. `contentHash` (a keyed hash of the normalized record) tells `unchanged` from `updated`
 * and makes the update conditional: two pushes of one record can never interleave their fields.
 * `data` holds the validated form fields as received (see server/integration/recordSchemas.ts).
 */
export function sourceRecordFields() {
  return {
    institutionId: { type: String, required: true },
    sourceType: { type: String, required: true },
    sourceId: { type: String, required: true },
    residentId: { type: Types.ObjectId, required: true },
    contentHash: { type: String, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    importedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  } as const;
}

export function indexSourceRecord(schema: Schema, dateField: string): void {
  schema.index({ institutionId: 1, sourceType: 1, sourceId: 1 }, { unique: true });
  schema.index({ residentId: 1, [dateField]: -1 });
}
