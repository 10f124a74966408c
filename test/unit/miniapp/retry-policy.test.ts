import { retryDelayMs, shouldRetry, type AttemptFailure, type HttpMethod } from '../../../miniapp/services/retryPolicy';

const network: AttemptFailure = { kind: 'network' };
const status = (code: number): AttemptFailure => ({ kind: 'status', status: code });

function decide(method: HttpMethod, failure: AttemptFailure, retriesDone = 0) {
  return shouldRetry({ method, retriesDone, failure });
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

  test.each<HttpMethod>(['POST', 'PUT', 'PATCH', 'DELETE'])('%s is never resent by the transport (its body carries the domain key)', (method) => {
    expect(decide(method, network)).toBe(false);
    expect(decide(method, status(503))).toBe(false);
  });

  test('backoff doubles, with ±25 % jitter', () => {
    expect(retryDelayMs(0, () => 0.5)).toBe(400);
    expect(retryDelayMs(1, () => 0.5)).toBe(800);
    expect(retryDelayMs(0, () => 0)).toBe(300);
    expect(retryDelayMs(1, () => 1)).toBe(1000);
  });
});
