import type { Middleware } from 'koa';
import type { Models } from '../db/models';
import type { Clock } from '../clock';
import { tooManyRequests } from './errors';

/**
 * Fixed-window rate limiting kept in MongoDB, so every instance behind the load balancer counts
 * the same hits. One hit is one atomic upsert-and-increment on the window's document.
 */
export async function hitRateLimit(
  models: Models,
  clock: Clock,
  key: string,
  limit: number,
  windowMs: number,
): Promise<{ allowed: boolean; count: number; retryAfterSeconds: number }> {
  const now = clock.now().getTime();
  const windowStart = now - (now % windowMs);
  const window = await models.RateLimitWindow.findOneAndUpdate(
    { _id: `${key}|${windowStart}` },
    { $inc: { count: 1 }, $setOnInsert: { expiresAt: new Date(windowStart + windowMs) } },
    { upsert: true, returnDocument: 'after', lean: true },
  );
  const count = window?.count ?? 1;
  return { allowed: count <= limit, count, retryAfterSeconds: Math.ceil((windowStart + windowMs - now) / 1000) };
}

export function rateLimit(options: {
  models: Models;
  clock: Clock;
  limitPerMinute: number;
  pathPrefix: string;
  /** Paths never throttled: signed provider callbacks, which must be acknowledged or they are retried for a day. */
  exemptPaths: string[];
  keyOf: (ip: string, authorization: string) => string;
}): Middleware {
  return async function rateLimitMiddleware(ctx, next) {
    if (!ctx.path.startsWith(options.pathPrefix) || options.exemptPaths.includes(ctx.path)) return next();
    const key = options.keyOf(ctx.ip, ctx.get('authorization'));
    const hit = await hitRateLimit(options.models, options.clock, key, options.limitPerMinute, 60_000);
    if (!hit.allowed) {
      ctx.set('Retry-After', String(hit.retryAfterSeconds));
      throw tooManyRequests(hit.retryAfterSeconds);
    }
    await next();
  };
}

/** Removes windows that ended; a job calls it so the collection stays small without TTL indexes. */
export async function purgeExpiredRateLimitWindows(models: Models, clock: Clock): Promise<number> {
  const { deletedCount } = await models.RateLimitWindow.deleteMany({ expiresAt: { $lt: clock.now() } });
  return deletedCount;
}
