import { errorMessages, type ErrorCode } from '../../shared/errors';

/**
 * An error the client is meant to see: a stable code, the HTTP status, the Chinese message for
 * users, and optional details (for example which fields failed). Anything else that reaches the
 * error boundary is a bug and goes out as `internal_error` without its message.
 */
export class AppError extends Error {
  readonly expose = true;
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    readonly details?: unknown,
    message?: string,
  ) {
    super(message ?? errorMessages[code]);
    this.name = 'AppError';
  }
}

export const badRequest = (code: ErrorCode, details?: unknown) => new AppError(code, 400, details);
export const unauthorized = (code: ErrorCode = 'session_required') => new AppError(code, 401);
export const forbidden = (code: ErrorCode = 'access_denied', details?: unknown) => new AppError(code, 403, details);
export const notFound = (code: ErrorCode = 'not_found') => new AppError(code, 404);
export const conflict = (code: ErrorCode, details?: unknown) => new AppError(code, 409, details);
export const unprocessable = (code: ErrorCode, details?: unknown) => new AppError(code, 422, details);
export const tooManyRequests = (retryAfterSeconds: number, code: ErrorCode = 'rate_limited') =>
  new AppError(code, 429, { retryAfterSeconds });
export const unavailable = (code: ErrorCode = 'service_unavailable') => new AppError(code, 503);
