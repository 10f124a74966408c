import { parseStoredObject } from '../state/storedObject';

/** The stored session and its validation. Pure (no Taro), unit-tested. */
export interface SessionRecord {
  token: string;
  /** ISO 8601 instant after which the token is no longer accepted. */
  expiresAt: string;
  accountId: string;
  roles: string[];
}

/** Treat a token as expired slightly early, so a request does not race its expiry. */
export const sessionExpirySkewMs = 30_000;

export function parseSessionRecord(value: unknown): SessionRecord | null {
  const record = parseStoredObject(value);
  if (!record) return null;
  const { token, expiresAt, accountId, roles } = record;
  if (typeof token !== 'string' || token === '') return null;
  if (typeof expiresAt !== 'string' || Number.isNaN(Date.parse(expiresAt))) return null;
  if (typeof accountId !== 'string') return null;
  if (!Array.isArray(roles) || !roles.every((role) => typeof role === 'string')) return null;
  return { token, expiresAt, accountId, roles: roles as string[] };
}

export function isSessionCurrent(record: SessionRecord, nowMs: number): boolean {
  return Date.parse(record.expiresAt) - sessionExpirySkewMs > nowMs;
}
