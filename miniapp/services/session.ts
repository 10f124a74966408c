import Taro from '@tarojs/taro';
import { storageKeys } from './storageKeys';
import { isSessionCurrent, parseSessionRecord, type SessionRecord } from './sessionRecord';

export type { SessionRecord } from './sessionRecord';

/** The session token lives in storage with its expiry; an expired one is treated as absent. */
export function readSession(nowMs: number = Date.now()): SessionRecord | null {
  let stored: unknown;
  try {
    stored = Taro.getStorageSync(storageKeys.session);
  } catch {
    return null;
  }
  const record = parseSessionRecord(stored);
  if (record === null) return null;
  if (!isSessionCurrent(record, nowMs)) {
    clearSession();
    return null;
  }
  return record;
}

export function saveSession(record: SessionRecord): void {
  Taro.setStorageSync(storageKeys.session, JSON.stringify(record));
}

export function clearSession(): void {
  try {
    Taro.removeStorageSync(storageKeys.session);
  } catch {
    // Nothing stored or storage unavailable: either way there is no session.
  }
}

export function hasSession(): boolean {
  return readSession() !== null;
}
