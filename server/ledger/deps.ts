import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import type { Models } from '../db/models';
import type { Logger } from '../logger';

/** What ledger commands need: narrower than AppDeps so tests, scripts and the bench build it easily. */
export interface LedgerDeps {
  models: Models;
  clock: Clock;
  logger?: Pick<Logger, 'warn' | 'info' | 'error'>;
}

/** The actor recorded on entries written by the service itself (jobs, holds by the resident's app). */
export const systemActor = 'system';

/** Hash of a payload with sorted keys, dates as ISO strings, so equal payloads hash equally. */
export function payloadHashOf(payload: unknown): string {
  return createHash('sha256').update(canonicalJson(payload)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export const isDuplicateKey = (err: unknown): boolean => (err as { code?: number }).code === 11000;
