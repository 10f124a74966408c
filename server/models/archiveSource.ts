import { Schema, type InferSchemaType, type Types } from 'mongoose';
import { sourceRecordFields } from './sourceRecord';

/**
 * Which resident an institution's archive id (健康档案编号 in its system) is. The resident document
 * itself (models/resident.ts) is keyed by the ID-number hash; this maps the source system's id onto
 * it, so every later record can name its resident by `residentSourceId`. One row per
 * `{ institutionId, sourceType: 'archive', sourceId }`, and one archive id per resident and
 * institution: a second id for the same person is refused, never merged into the first.
 */
export const archiveSourceSchema = new Schema({ ...sourceRecordFields() }, { versionKey: false });
archiveSourceSchema.index({ institutionId: 1, sourceType: 1, sourceId: 1 }, { unique: true });
archiveSourceSchema.index({ residentId: 1, institutionId: 1 }, { unique: true });

export type ArchiveSourceDoc = InferSchemaType<typeof archiveSourceSchema> & { _id: Types.ObjectId };
