import { errorMessages, isErrorCode, type ErrorCode } from '../../shared/errors';

/**
 * The pure part of the API client: turning an HTTP outcome into data or a typed ApiError.
 * No Taro imports here, so it is unit-tested directly.
 */

/** Codes only the client produces (they never come from the service). */
export const clientErrorMessages = {
  network_unavailable: '网络不给力，请检查网络后重试',
  unexpected_response: '系统开小差了，请稍后再试',
} as const;

export type ClientErrorCode = keyof typeof clientErrorMessages;
export type ApiErrorCode = ErrorCode | ClientErrorCode;

export interface ApiErrorInit {
  code: ApiErrorCode;
  /** HTTP status; 0 when no response arrived. */
  status: number;
  message?: string;
  details?: unknown;
  /** The code exactly as the service sent it, when it is one this build does not know. */
  serverCode?: string;
}

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly details: unknown;
  readonly serverCode: string | undefined;

  constructor(init: ApiErrorInit) {
    super(init.message ?? messageFor(init.code));
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.details = init.details;
    this.serverCode = init.serverCode;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

export function messageFor(code: ApiErrorCode): string {
  if (isErrorCode(code)) return errorMessages[code];
  return clientErrorMessages[code];
}

export function networkUnavailable(details?: unknown): ApiError {
  return new ApiError({ code: 'network_unavailable', status: 0, details });
}

/** The code to assume when a failed response carries no usable `{ error: { code } }`. */
export function codeForStatus(status: number): ApiErrorCode {
  if (status === 401) return 'session_required';
  if (status === 403) return 'access_denied';
  if (status === 404) return 'not_found';
  if (status === 413) return 'body_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status === 400 || status === 422) return 'validation_failed';
  if (status === 429) return 'rate_limited';
  if (status === 502 || status === 503 || status === 504) return 'service_unavailable';
  if (status >= 500) return 'internal_error';
  return 'unexpected_response';
}

export type Envelope = { ok: true; data: unknown } | { ok: false; error: ApiError };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Taro gives parsed JSON for JSON responses; a string (or nothing) otherwise. */
function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

/**
 * `{ data }` with a 2xx status → the data; `{ error: { code, message, details? } }` → ApiError with
 * the Chinese message of a known code; anything else → an ApiError chosen by status.
 */
export function readEnvelope(status: number, rawBody: unknown): Envelope {
  const body = parseBody(rawBody);
  const error = isRecord(body) ? body['error'] : undefined;

  if (status >= 200 && status < 300 && isRecord(body) && 'data' in body && error === undefined) {
    return { ok: true, data: body['data'] };
  }

  if (isRecord(error) && typeof error['code'] === 'string') {
    const serverCode = error['code'];
    const details = error['details'];
    if (isErrorCode(serverCode)) {
      return { ok: false, error: new ApiError({ code: serverCode, status, details }) };
    }
    // A code this build does not know yet: keep the service's own (Chinese) text if it sent one.
    const fallback = codeForStatus(status);
    const serverMessage = typeof error['message'] === 'string' && error['message'].trim() !== '' ? error['message'] : undefined;
    return {
      ok: false,
      error: new ApiError({ code: fallback, status, details, serverCode, message: serverMessage ?? messageFor(fallback) }),
    };
  }

  const code = status >= 200 && status < 300 ? 'unexpected_response' : codeForStatus(status);
  return { ok: false, error: new ApiError({ code, status }) };
}

/** Codes after which the stored session is useless and the user must log in again. */
export function isSessionError(error: ApiError): boolean {
  return error.code === 'session_expired' || error.code === 'session_required';
}
