import { z } from 'zod';
import { errorMessages, type ErrorCode } from '../../shared/errors';
import type { AppDeps } from '../deps';
import type { IntegrationActor } from '../http/actor';
import { AppError } from '../http/errors';
import { recordImporter } from './recordImporter';
import { recordTypes, sourceId as sourceIdSchema, type AnyRecord, type RecordType } from './recordSchemas';

/**
 * The NDJSON batch import: one record per line, `{ "type", "sourceId", ...fields }`, at most
 * MAX_IMPORT_RECORDS non-empty lines. Every line gets its own result, in line order. Each record
 * is applied on its own (recordImporter: single-document upserts plus idempotent derived writes),
 * so a bad line is reported and skipped without touching any other. Lines run in order, so an
 * archive earlier in the batch can be named by the records after it.
 */
export const MAX_IMPORT_RECORDS = 10_000;

export const importLineResult = z.object({
  line: z.number().int(),
  type: z.string().nullable(),
  sourceId: z.string().nullable(),
  result: z.enum(['created', 'updated', 'unchanged', 'rejected']),
  recordId: z.string().optional(),
  residentId: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).optional(),
});
export type ImportLineResult = z.infer<typeof importLineResult>;

export function parseNdjsonLines(raw: Buffer): Array<{ line: number; text: string }> {
  const text = raw.toString('utf8').replace(/^\uFEFF/, '');
  return text
    .split('\n')
    .map((t, index) => ({ line: index + 1, text: t.replace(/\r$/, '') }))
    .filter((l) => l.text.trim().length > 0);
}

/** Parses one line into a typed record, or the rejection for it. */
export function parseImportLine(text: string): { record: AnyRecord } | { type: string | null; sourceId: string | null; code: ErrorCode; details?: unknown } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { type: null, sourceId: null, code: 'import_line_not_json' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { type: null, sourceId: null, code: 'import_line_not_json' };
  const { type, sourceId, ...rest } = value as Record<string, unknown>;
  const typeName = typeof type === 'string' ? type : null;
  const sourceIdText = typeof sourceId === 'string' ? sourceId : null;
  if (!typeName || !Object.prototype.hasOwnProperty.call(recordTypes, typeName)) return { type: typeName, sourceId: sourceIdText, code: 'import_record_type_unknown' };
  const recordType = typeName as RecordType;
  const id = sourceIdSchema.safeParse(sourceId);
  const body = recordTypes[recordType].body.safeParse(rest);
  if (!id.success || !body.success) {
    const issues = [
      ...(id.success ? [] : id.error.issues.map((i) => ({ path: 'sourceId', code: i.code, message: i.message }))),
      ...(body.success ? [] : body.error.issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message }))),
    ];
    return { type: recordType, sourceId: sourceIdText, code: 'validation_failed', details: { issues } };
  }
  return { record: { type: recordType, sourceId: id.data, body: body.data } as AnyRecord };
}

export async function batchImporter(deps: AppDeps, actor: IntegrationActor, raw: Buffer) {
  const lines = parseNdjsonLines(raw);
  if (lines.length === 0) throw new AppError('import_body_empty', 400);
  if (lines.length > MAX_IMPORT_RECORDS) throw new AppError('import_too_many_records', 413, { maxRecords: MAX_IMPORT_RECORDS, received: lines.length });

  const results: ImportLineResult[] = [];
  for (const { line, text } of lines) {
    const parsed = parseImportLine(text);
    if (!('record' in parsed)) {
      results.push({ line, type: parsed.type, sourceId: parsed.sourceId, result: 'rejected', error: errorOf(parsed.code, parsed.details) });
      continue;
    }
    const { record } = parsed;
    try {
      const outcome = await recordImporter(deps, actor, record);
      results.push({ line, type: record.type, sourceId: record.sourceId, ...outcome });
    } catch (err) {
      if (!(err instanceof AppError)) deps.logger.error({ err, line, type: record.type }, 'import record failed');
      const code: ErrorCode = err instanceof AppError ? err.code : 'internal_error';
      results.push({ line, type: record.type, sourceId: record.sourceId, result: 'rejected', error: errorOf(code, err instanceof AppError ? err.details : undefined) });
    }
  }
  const summary = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const r of results) summary[r.result] += 1;
  return { total: results.length, summary, results };
}

function errorOf(code: ErrorCode, details?: unknown) {
  return { code, message: errorMessages[code], ...(details === undefined ? {} : { details }) };
}
