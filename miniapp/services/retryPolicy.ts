/**
 * When the API client retries. Pure, so it is unit-tested without Taro.
 *
 * Only idempotent requests are retried: GET/HEAD, or any request carrying an `Idempotency-Key`
 * (the service replays the original result for a repeated key). Only failures that say "try again"
 * are retried: no response at all (network) or 502/503/504 from a gateway.
 */
export const retryAttemptsMax = 2;
export const retryDelayBaseMs = 400;

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type AttemptFailure = { kind: 'network' } | { kind: 'status'; status: number };

export interface RetryInput {
  method: HttpMethod;
  headers: Readonly<Record<string, string>>;
  /** Retries already made (0 after the first attempt failed). */
  retriesDone: number;
  failure: AttemptFailure;
}

export function hasIdempotencyKey(headers: Readonly<Record<string, string>>): boolean {
  return Object.entries(headers).some(([name, value]) => name.toLowerCase() === 'idempotency-key' && value.trim() !== '');
}

export function isIdempotent(method: HttpMethod, headers: Readonly<Record<string, string>>): boolean {
  return method === 'GET' || method === 'HEAD' || hasIdempotencyKey(headers);
}

export function isRetryableFailure(failure: AttemptFailure): boolean {
  if (failure.kind === 'network') return true;
  return failure.status === 502 || failure.status === 503 || failure.status === 504;
}

export function shouldRetry(input: RetryInput): boolean {
  if (input.retriesDone >= retryAttemptsMax) return false;
  if (!isIdempotent(input.method, input.headers)) return false;
  return isRetryableFailure(input.failure);
}

/**
 * Exponential backoff with jitter: 400 ms then 800 ms, each scaled by 0.75–1.25 so many phones
 * do not hammer a recovering service in step. `random` is injectable for tests.
 */
export function retryDelayMs(retriesDone: number, random: () => number = Math.random): number {
  const base = retryDelayBaseMs * 2 ** retriesDone;
  return Math.round(base * (0.75 + 0.5 * random()));
}
