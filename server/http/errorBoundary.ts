import type { Middleware } from 'koa';
import { errorMessages } from '../../shared/errors';
import { WechatApiError } from '../wechat/wechatApiError';
import { AppError } from './errors';

/**
 * The single place errors become responses: `{ error: { code, message, details? } }`.
 * Known errors keep their code; anything else is a bug, logged in full and answered as
 * `internal_error` without internals.
 */
export function errorBoundary(): Middleware {
  return async function errorBoundaryMiddleware(ctx, next) {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new AppError('not_found', 404);
    } catch (err) {
      const known = toAppError(err);
      if (known) {
        ctx.status = known.status;
        ctx.body = { error: { code: known.code, message: known.message, ...(known.details === undefined ? {} : { details: known.details }) } };
        return;
      }
      ctx.state.log?.error({ err }, 'unhandled error');
      ctx.status = 500;
      ctx.body = { error: { code: 'internal_error', message: errorMessages.internal_error } };
    }
  };
}

function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof WechatApiError && err.errorCode !== 'internal_error') {
    return new AppError(err.errorCode, err.errorCode === 'wechat_unavailable' ? 503 : 400);
  }
  // Errors raised by Koa or its parsers for client mistakes (status 4xx, expose = true).
  const status = (err as { status?: number; expose?: boolean }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 413) return new AppError('body_too_large', 413);
    if (status === 415) return new AppError('unsupported_media_type', 415);
    if (status === 404) return new AppError('not_found', 404);
    return new AppError('validation_failed', 400);
  }
  return undefined;
}
