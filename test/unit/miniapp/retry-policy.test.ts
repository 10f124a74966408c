import { retryDelayMs, shouldRetry, type AttemptFailure, type HttpMethod } from '../../../miniapp/services/retryPolicy';

const network: AttemptFailure = { kind: 'network' };
const status = (code: number): AttemptFailure => ({ kind: 'status', status: code });

function decide(method: HttpMethod, failure: AttemptFailure, retriesDone = 0, headers: Record<string, string> = {}) {
  return shouldRetry({ method, headers, retriesDone, failure });
}

describe('retry policy', () => {
  test.each([network, status(502), status(503), status(504)])('GET is retried on %j', (failure) => {
    expect(decide('GET', failure)).toBe(true);
  });

  test.each([400, 401, 403, 404, 409, 422, 429, 500])('GET is not retried on %i', (code) => {
    expect(decide('GET', status(code))).toBe(false);
  });

  test('at most 2 retries (3 attempts in all)', () => {
    expect(decide('GET', network, 0)).toBe(true);
    expect(decide('GET', network, 1)).toBe(true);
    expect(decide('GET', network, 2)).toBe(false);
  });

  test.each<HttpMethod>(['POST', 'PUT', 'PATCH', 'DELETE'])('%s without an Idempotency-Key is never retried', (method) => {
    expect(decide(method, network)).toBe(false);
    expect(decide(method, status(503))).toBe(false);
  });

  test('a write with an Idempotency-Key is retried (any header case)', () => {
    expect(decide('POST', network, 0, { 'Idempotency-Key': 'k1' })).toBe(true);
    expect(decide('POST', status(504), 1, { 'idempotency-key': 'k1' })).toBe(true);
    expect(decide('POST', status(504), 2, { 'idempotency-key': 'k1' })).toBe(false);
    expect(decide('POST', status(500), 0, { 'Idempotency-Key': 'k1' })).toBe(false);
  });

  test('an empty Idempotency-Key does not count', () => {
    expect(decide('POST', network, 0, { 'Idempotency-Key': ' ' })).toBe(false);
  });

  test('backoff doubles, with ±25 % jitter', () => {
    expect(retryDelayMs(0, () => 0.5)).toBe(400);
    expect(retryDelayMs(1, () => 0.5)).toBe(800);
    expect(retryDelayMs(0, () => 0)).toBe(300);
    expect(retryDelayMs(1, () => 1)).toBe(1000);
  });
});
