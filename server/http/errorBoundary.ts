import { types } from 'node:util';
import type { Middleware } from 'koa';
import { mongo, Error as MongooseError } from 'mongoose';
import { errorMessages } from '../../shared/errors';
import { WechatApiError } from '../wechat/wechatApiError';
import { AppError } from './errors';

/**
 * The single place errors become responses: `{ error: { code, message, details? } }`.
 * Known errors keep their code; a database that cannot be reached is `service_unavailable` (503);
 * anything else is a bug, logged in full and answered as `internal_error` without internals.
 * Every 429 and 503 carries `Retry-After` (seconds): the error's `retryAfterSeconds`, else 5 s for a 503.
 */
export function errorBoundary(): Middleware {
  return async function errorBoundaryMiddleware(ctx, next) {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new AppError('not_found', 404);
    } catch (err) {
      const known = toAppError(err);
      if (!known) {
        ctx.state.log?.error({ err }, 'unhandled error');
        ctx.status = 500;
        ctx.body = { error: { code: 'internal_error', message: errorMessages.internal_error } };
        return;
      }
      if (known.code === 'service_unavailable') ctx.state.log?.warn({ err }, 'database unavailable');
      ctx.status = known.status;
      ctx.body = { error: { code: known.code, message: known.message, ...(known.details === undefined ? {} : { details: known.details }) } };
      const retryAfterSeconds = retryAfterOf(known);
      if (retryAfterSeconds !== undefined) ctx.set('Retry-After', String(retryAfterSeconds));
    }
  };
}

/** How long a client should wait before retrying a 503 (database or provider unreachable) that names no time. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

function retryAfterOf(error: AppError): number | undefined {
  const given = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (typeof given === 'number') return given;
  return error.status === 503 ? UNAVAILABLE_RETRY_AFTER_SECONDS : undefined;
}

function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (isDatabaseUnavailable(err)) return new AppError('service_unavailable', 503);
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

/**
 * The local engine (FerretDB on PostgreSQL) answers a command with a server error, not a network
 * error, when PostgreSQL itself went away mid-command: connection exceptions (SQLSTATE class 08),
 * shutdown (57P01–57P03), a refused connection, or — while FerretDB itself stops — the command's
 * context being cancelled. Real MongoDB never says these.
 */
const backendUnavailable = /SQLSTATE (?:08[0-9A-Z]{3}|57P0[1-3])|connection refused|the database system is (?:shutting down|starting up)|context canceled/i;

/**
 * MongoDB's own codes for "this server cannot answer now" (shutdown, step-down, unreachable host,
 * socket failure): https://www.mongodb.com/docs/manual/reference/error-codes/.
 */
const unavailableServerCodes = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

/**
 * A socket failure the driver lets through unwrapped: when the server closes the connection between
 * the driver's check and its write, the write fails with Node's own EPIPE ("This socket has been
 * ended by the other party"), not a MongoNetworkError. During a request the only sockets written
 * are the database's (WeChat calls raise WechatApiError), so these mean the database went away.
 */
const socketFailureCodes = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT']);

/**
 * The database is down or unreachable (connection refused or dropped, no server selectable, server
 * shutting down): the request did not get its answer, and a retry later may succeed. Not a bug, so
 * not a 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  return (
    err instanceof mongo.MongoNetworkError ||
    err instanceof mongo.MongoServerSelectionError ||
    err instanceof mongo.MongoNotConnectedError ||
    err instanceof mongo.MongoTopologyClosedError ||
    err instanceof MongooseError.MongooseServerSelectionError ||
    (err instanceof mongo.MongoError && (err.hasErrorLabel('ResetPool') || err.hasErrorLabel('RetryableWriteError'))) ||
    (err instanceof mongo.MongoServerError &&
      ((typeof err.code === 'number' && unavailableServerCodes.has(err.code)) || backendUnavailable.test(err.message))) ||
    // isNativeError, not instanceof: Node's own socket errors come from its realm, not the caller's.
    (types.isNativeError(err) && !(err instanceof mongo.MongoError) && socketFailureCodes.has(String((err as NodeJS.ErrnoException).code)))
  );
}
