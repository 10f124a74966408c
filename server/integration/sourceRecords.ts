import { createHmac } from 'node:crypto';
import { Types, type Model } from 'mongoose';
import type { ErrorCode } from '../../shared/errors';
import type { AppDeps } from '../deps';
import { AppError, conflict } from '../http/errors';
import type { RecordType } from './recordSchemas';

/**
 * The idempotency bookkeeping every pushed or staff-entered record goes through: the keyed content
 * hash, the source key, and the insert-if-absent-else-compare-else-update upsert that turns a push
 * into `created`, `unchanged` or `updated`. It lives apart from the per-kind writers so that each of
 * them (and the doctor's routes that write the same models) shares one definition of "same record".
 */

/**
 * Result: `created` (first time), `unchanged` (same content again: nothing written), `updated`
 * (new content: one conditional update on the previous content hash). A rejected record throws an
 * AppError with its code and nothing of it is written. Derived writes run on every outcome, so a
 * push that crashed half-way is completed by pushing it again.
 */
export type ImportOutcome = { result: 'created' | 'updated' | 'unchanged'; recordId: string; residentId: string };

export const rejected = (code: ErrorCode, details?: unknown) => new AppError(code, 422, details);
export const duplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

/** Keyed hash of the normalized record: equal content → equal hash, and no ID number can be guessed from it. */
export function contentHashOf(deps: AppDeps, type: RecordType | 'specialistVisit' | 'referral', body: unknown): string {
  return createHmac('sha256', deps.config.crypto.lookupHmacKey).update(`record:${type}\u0000${stableJson(body)}`).digest('base64url');
}

export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value instanceof Date ? value.toISOString() : value) ?? 'null';
}

export interface SourceKey {
  institutionId: string;
  sourceType: string;
  sourceId: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- every source-record model shares these fields
export type SourceModel = Model<any>;
export type StoredSource = { _id: Types.ObjectId; residentId: Types.ObjectId; contentHash: string };
export type ResidentRef = { _id: Types.ObjectId; teamId?: string | null };

/**
 * What a second write under the same source key with other content does: a clinic system corrects
 * its record (`update`); a staff client that reused its request id for another request is refused
 * with the given code (409), because one idempotency key means one request.
 */
export type OnChangedContent = 'update' | { refuseWith: ErrorCode };

/**
 * Where a clinical record comes from: the institution whose key space it lives in, the source id
 * (the clinic system's own id, or `staff:<residentId>:<clientRequestId>` for a doctor's entry), the
 * keyed hash of the request as received (equal requests → equal hash) and what differing content
 * under the same key does. The integration API and the doctor's routes both write through the
 * writers below, so the record, its domain event (and thus the points) are the same either way.
 */
export interface RecordOrigin {
  institutionId: string;
  sourceId: string;
  contentHash: string;
  onChangedContent: OnChangedContent;
}

/**
 * Insert-if-absent by the source key, else compare hashes, else one conditional update on the old
 * hash. A lost race (another push changed it in between) is retried against the new state.
 */
export async function upsertSourceRecord(
  deps: AppDeps,
  model: SourceModel,
  key: SourceKey,
  residentId: Types.ObjectId,
  contentHash: string,
  fields: Record<string, unknown>,
  onChangedContent: OnChangedContent = 'update',
): Promise<{ result: ImportOutcome['result']; doc: StoredSource }> {
  const now = deps.clock.now();
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const newId = new Types.ObjectId();
    let doc: StoredSource | null;
    try {
      doc = await model.findOneAndUpdate(
        key,
        { $setOnInsert: { _id: newId, ...key, residentId, contentHash, ...fields, importedAt: now, updatedAt: now } },
        { upsert: true, returnDocument: 'after', lean: true },
      );
    } catch (err) {
      if (duplicateKey(err)) continue;
      throw err;
    }
    if (!doc) throw new Error('source record upsert returned nothing');
    if (doc._id.equals(newId)) return { result: 'created', doc };
    if (!doc.residentId.equals(residentId)) throw rejected('record_resident_cannot_change');
    if (doc.contentHash === contentHash) return { result: 'unchanged', doc };
    if (onChangedContent !== 'update') throw conflict(onChangedContent.refuseWith);
    const updated = await model.findOneAndUpdate(
      { _id: doc._id, contentHash: doc.contentHash },
      { $set: { contentHash, ...fields, updatedAt: now } },
      { returnDocument: 'after', lean: true },
    );
    if (updated) return { result: 'updated', doc: updated as StoredSource };
  }
  throw new Error(`source record ${key.sourceType}:${key.sourceId} kept changing under concurrent pushes`);
}

export const outcome = (result: ImportOutcome['result'], doc: StoredSource): ImportOutcome => ({ result, recordId: String(doc._id), residentId: String(doc.residentId) });
