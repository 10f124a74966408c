import Taro from '@tarojs/taro';
import { useSyncExternalStore } from 'react';

/**
 * Readings not yet acknowledged by the service, kept in storage so nothing typed with unsteady
 * hands is lost to a bad connection. Every submission is queued FIRST (with its client id and its
 * original measurement time), then sent; only the service's answer removes it. A retry sends the
 * same `clientReadingId`, and the service keeps one reading per id, so a retry never duplicates.
 *
 * Items belong to the account that typed them and name the resident they are for, so a different
 * login never sends them and a family member's entries go to the right archive.
 *
 * The list operations are pure (tested in test/unit/miniapp); the storage and the sync loop wrap them.
 */
export const offlineQueueStorageKey = 'pb.offlineReadings';
/** A phone that stays offline for weeks should not grow without bound; oldest entries go first. */
export const offlineQueueItemsMax = 200;

export interface QueuedReading {
  clientReadingId: string;
  accountId: string;
  residentId: string;
  /** The request body exactly as it will be sent (measure, clientReadingId, measuredAt, values). */
  body: Record<string, unknown> & { clientReadingId: string; measure: string; measuredAt: string };
  queuedAt: string;
  attempts: number;
  /** The last failure in Chinese, e.g. 网络不给力; null before the first attempt. */
  lastError: string | null;
}

/** How one attempt to send a queued reading ended. */
export type SendOutcome =
  | { kind: 'acknowledged' }
  /** No answer, or a temporary one (network, 5xx, 429, session expired): keep it for later. */
  | { kind: 'retryLater'; message: string }
  /** The service will never take it (implausible, id reused, no longer allowed): drop it, say why. */
  | { kind: 'rejected'; message: string };

export interface SyncSummary {
  sent: number;
  remaining: number;
  rejected: Array<{ clientReadingId: string; measure: string; message: string }>;
}

// ---------------------------------------------------------------------------------------------
// Pure list operations

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseItem(value: unknown): QueuedReading | null {
  if (!isRecord(value)) return null;
  const { clientReadingId, accountId, residentId, body, queuedAt, attempts, lastError } = value;
  if (typeof clientReadingId !== 'string' || typeof accountId !== 'string' || typeof residentId !== 'string' || typeof queuedAt !== 'string') return null;
  if (!isRecord(body) || body['clientReadingId'] !== clientReadingId || typeof body['measure'] !== 'string' || typeof body['measuredAt'] !== 'string') return null;
  return {
    clientReadingId,
    accountId,
    residentId,
    body: body as QueuedReading['body'],
    queuedAt,
    attempts: typeof attempts === 'number' && attempts >= 0 ? attempts : 0,
    lastError: typeof lastError === 'string' ? lastError : null,
  };
}

/** A stored value back to a queue; unreadable entries are dropped, never thrown on. */
export function parseQueue(value: unknown): QueuedReading[] {
  let candidate = value;
  if (typeof candidate === 'string') {
    try {
      candidate = JSON.parse(candidate) as unknown;
    } catch {
      return [];
    }
  }
  if (!Array.isArray(candidate)) return [];
  return candidate.map(parseItem).filter((item): item is QueuedReading => item !== null);
}

/** Adds an item unless its client id is already queued (a double tap queues once). */
export function enqueue(queue: readonly QueuedReading[], item: QueuedReading): QueuedReading[] {
  if (queue.some((queued) => queued.clientReadingId === item.clientReadingId)) return [...queue];
  const next = [...queue, item];
  return next.length > offlineQueueItemsMax ? next.slice(next.length - offlineQueueItemsMax) : next;
}

/** Removes an item the service acknowledged (or rejected for good). */
export function removeItem(queue: readonly QueuedReading[], clientReadingId: string): QueuedReading[] {
  return queue.filter((item) => item.clientReadingId !== clientReadingId);
}

export function recordAttempt(queue: readonly QueuedReading[], clientReadingId: string, message: string): QueuedReading[] {
  return queue.map((item) => (item.clientReadingId === clientReadingId ? { ...item, attempts: item.attempts + 1, lastError: message } : item));
}

/** The items this account may send, oldest measurement first (history then reads in order). */
export function pendingFor(queue: readonly QueuedReading[], accountId: string): QueuedReading[] {
  return queue.filter((item) => item.accountId === accountId).sort((a, b) => (a.body.measuredAt < b.body.measuredAt ? -1 : a.body.measuredAt > b.body.measuredAt ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Storage, subscription and the sync loop

type Listener = () => void;
const listeners = new Set<Listener>();
let cached: QueuedReading[] | null = null;

export function readQueue(): QueuedReading[] {
  if (cached) return cached;
  try {
    cached = parseQueue(Taro.getStorageSync(offlineQueueStorageKey));
  } catch {
    cached = [];
  }
  return cached;
}

function writeQueue(queue: QueuedReading[]): void {
  cached = queue;
  try {
    Taro.setStorageSync(offlineQueueStorageKey, queue);
  } catch {
    // Storage full or unavailable: the queue still holds in memory until the app closes.
  }
  for (const listener of listeners) listener();
}

export function addToQueue(item: QueuedReading): void {
  writeQueue(enqueue(readQueue(), item));
}

export function removeFromQueue(clientReadingId: string): void {
  writeQueue(removeItem(readQueue(), clientReadingId));
}

export function noteAttempt(clientReadingId: string, message: string): void {
  writeQueue(recordAttempt(readQueue(), clientReadingId, message));
}

export function subscribeQueue(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Test hook: forget the in-memory copy so the next read comes from storage. */
export function resetQueueCache(): void {
  cached = null;
}

/** Pending items of this account, re-rendered whenever the queue changes. */
export function usePendingReadings(accountId: string | null): QueuedReading[] {
  const queue = useSyncExternalStore(subscribeQueue, readQueue, readQueue);
  return accountId ? pendingFor(queue, accountId) : [];
}

let running: Promise<SyncSummary> | null = null;

/**
 * Sends this account's queued readings one by one, oldest first. Stops at the first "retry later"
 * (the network is down; the rest would fail too). Concurrent calls share one run.
 */
export function syncQueue(accountId: string, send: (item: QueuedReading) => Promise<SendOutcome>): Promise<SyncSummary> {
  if (running) return running;
  running = (async () => {
    const summary: SyncSummary = { sent: 0, remaining: 0, rejected: [] };
    for (const item of pendingFor(readQueue(), accountId)) {
      let outcome: SendOutcome;
      try {
        outcome = await send(item);
      } catch {
        outcome = { kind: 'retryLater', message: '网络不给力，请稍后重试' };
      }
      if (outcome.kind === 'acknowledged') {
        removeFromQueue(item.clientReadingId);
        summary.sent += 1;
      } else if (outcome.kind === 'rejected') {
        removeFromQueue(item.clientReadingId);
        summary.rejected.push({ clientReadingId: item.clientReadingId, measure: item.body.measure, message: outcome.message });
      } else {
        noteAttempt(item.clientReadingId, outcome.message);
        break;
      }
    }
    summary.remaining = pendingFor(readQueue(), accountId).length;
    return summary;
  })().finally(() => {
    running = null;
  });
  return running;
}
