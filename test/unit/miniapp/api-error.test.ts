import { errorMessages } from '../../../shared/errors';
import { ApiError, codeForStatus, isSessionError, networkUnavailable, readEnvelope } from '../../../miniapp/services/apiError';

describe('readEnvelope: service response → data or ApiError', () => {
  test('2xx with { data } gives the data', () => {
    expect(readEnvelope(200, { data: { accountId: 'a1', roles: ['resident'] } })).toEqual({
      ok: true,
      data: { accountId: 'a1', roles: ['resident'] },
    });
  });

  test('a JSON string body is parsed (weapp gives a string when it cannot parse)', () => {
    expect(readEnvelope(201, '{"data":{"id":"x"}}')).toEqual({ ok: true, data: { id: 'x' } });
  });

  test('{ data: null } is still success', () => {
    expect(readEnvelope(200, { data: null })).toEqual({ ok: true, data: null });
  });

  test('a known error code gets the shared Chinese message, status and details', () => {
    const result = readEnvelope(401, { error: { code: 'session_expired', message: 'whatever the server said', details: { a: 1 } } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ApiError);
    expect(result.error.code).toBe('session_expired');
    expect(result.error.status).toBe(401);
    expect(result.error.message).toBe(errorMessages.session_expired);
    expect(result.error.details).toEqual({ a: 1 });
    expect(isSessionError(result.error)).toBe(true);
  });

  test('every shared code maps to its own message', () => {
    for (const [code, message] of Object.entries(errorMessages)) {
      const result = readEnvelope(400, { error: { code, message: 'x' } });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe(code);
        expect(result.error.message).toBe(message);
      }
    }
  });

  test('an unknown code keeps the server text and code, typed by status', () => {
    const result = readEnvelope(409, { error: { code: 'insufficient_points', message: '积分不足' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('unexpected_response');
    expect(result.error.serverCode).toBe('insufficient_points');
    expect(result.error.message).toBe('积分不足');
  });

  test('an unknown code without a message falls back to the status message', () => {
    const result = readEnvelope(503, { error: { code: 'brand_new_code' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('service_unavailable');
    expect(result.error.message).toBe(errorMessages.service_unavailable);
  });

  test.each([
    [502, '<html>Bad Gateway</html>', 'service_unavailable'],
    [504, undefined, 'service_unavailable'],
    [500, 'oops', 'internal_error'],
    [404, '', 'not_found'],
    [401, {}, 'session_required'],
    [429, null, 'rate_limited'],
    [200, { nothing: true }, 'unexpected_response'],
    [200, 'not json', 'unexpected_response'],
  ])('status %i with body %p → %s', (status, body, code) => {
    const result = readEnvelope(status, body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  test('an error body on a 2xx is still an error', () => {
    const result = readEnvelope(200, { error: { code: 'access_denied', message: '' } });
    expect(result.ok).toBe(false);
  });

  test('network failure: network_unavailable with the local Chinese message', () => {
    const error = networkUnavailable({ errMsg: 'request:fail' });
    expect(error.code).toBe('network_unavailable');
    expect(error.status).toBe(0);
    expect(error.message).toBe('网络不给力，请检查网络后重试');
  });

  test('codeForStatus', () => {
    expect(codeForStatus(403)).toBe('access_denied');
    expect(codeForStatus(413)).toBe('body_too_large');
    expect(codeForStatus(418)).toBe('unexpected_response');
  });
});
