/**
 * When the API client retries. Pure, so it is unit-tested without Taro.
 *
 * Only reads (GET/HEAD) are retried by the transport, and only on failures that say "try again": no
 * response at all (network) or 502/503/504 from a gateway. Writes are not: each write that a person
 * may repeat carries its domain's own key in the body (a reading's clientReadingId, a referral's
 * requestKey, a checkout's code), which the service turns into one result, so 再试一次 is the
 * person's tap, never a silent resend.
 */
export const retryAttemptsMax = 2;
export const retryDelayBaseMs = 400;

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type AttemptFailure = { kind: 'network' } | { kind: 'status'; status: number };

export interface RetryInput {
  method: HttpMethod;
  /** Retries already made (0 after the first attempt failed). */
  retriesDone: number;
  failure: AttemptFailure;
}

export function isRead(method: HttpMethod): boolean {
  return method === 'GET' || method === 'HEAD';
}

export function isRetryableFailure(failure: AttemptFailure): boolean {
  if (failure.kind === 'network') return true;
  return failure.status === 502 || failure.status === 503 || failure.status === 504;
}

export function shouldRetry(input: RetryInput): boolean {
  if (input.retriesDone >= retryAttemptsMax) return false;
  if (!isRead(input.method)) return false;
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
