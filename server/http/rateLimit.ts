import type { Context } from 'koa';
import type { Clock } from '../clock';
import type { Models } from '../db/models';
import { sharedRead } from '../db/sharedRead';
import { tooManyRequests } from './errors';

/**
 * Sliding-window rate limits shared by every instance: counters live in the database, one document
 * per subject and window, keyed by `_id` so a hit is one atomic upsert-and-increment that pins one
 * document (the engine's cheapest write; FerretDB's front end locks only that document).
 *
 * A limit of N per window W counts hits in consecutive windows aligned to the clock and weighs
 * the previous window by how much of it still overlaps the last W:
 *     estimate = previous × (1 − elapsed/W) + current
 * so a burst at the end of one window and another at the start of the next cannot pass 2N the way
 * a fixed window lets them. A refused hit is taken back, so a client that waits the `Retry-After`
 * it was given is admitted, however often it was refused before.
 *
 * The previous window no longer changes once the clock has left it, so each instance reads a
 * subject's previous count once per window and remembers it until the window moves on: a steady
 * stream of requests costs one database command each. (Instances whose clocks differ by a few
 * milliseconds may add a hit to a window another has already read: the estimate can be that many
 * hits low at the boundary.)
 */
export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface SlidingWindowLimiter {
  hit(subject: string): Promise<LimitDecision>;
}

export function slidingWindowLimiter(deps: { models: Pick<Models, 'RateLimitCounter'>; clock: Clock }, options: { name: string; limit: number; windowMs: number }): SlidingWindowLimiter {
  const { limit, windowMs } = options;
  const counters = deps.models.RateLimitCounter;
  // `/` keeps these keys apart from the `name:` keys rate-limiter-flexible wrote before.
  const keyOf = (subject: string, index: number) => `${options.name}/${subject}|${index}`;
  const add = async (key: string, delta: number): Promise<number> => {
    // A window's counter is read during the window after it, then never again; the purge job compares
    // `expire` with the system clock.
    const update = { $inc: { points: delta }, $setOnInsert: { key, expire: new Date(Date.now() + 2 * windowMs) } };
    for (let attempt = 0; ; attempt += 1) {
      try {
        const counter = await counters.findOneAndUpdate({ _id: key }, update, { upsert: true, returnDocument: 'after', lean: true });
        return Number(counter?.points ?? 0);
      } catch (err) {
        // Two first hits racing to insert the same counter: the loser increments the winner's.
        if ((err as { code?: unknown }).code !== 11000 || attempt > 0) throw err;
      }
    }
  };
  // Hits on one counter while its upsert is in flight wait and go together in the next one (an
  // `$inc` by their number): each still gets its own count, as if they had gone one by one.
  const waiting = new Map<string, { hits: number; total: Promise<number> }>();
  const lastSent = new Map<string, Promise<unknown>>();
  const countHit = async (key: string): Promise<number> => {
    let batch = waiting.get(key);
    if (!batch) {
      const opened: { hits: number; total: Promise<number> } = { hits: 0, total: Promise.resolve(0) };
      const send = () => {
        waiting.delete(key);
        return add(key, opened.hits);
      };
      const previous = lastSent.get(key) ?? Promise.resolve();
      opened.total = previous.then(send, send);
      const sent = opened.total.catch(() => undefined);
      lastSent.set(key, sent);
      void sent.then(() => {
        if (lastSent.get(key) === sent) lastSent.delete(key);
      });
      waiting.set(key, opened);
      batch = opened;
    }
    const position = batch.hits;
    batch.hits += 1;
    const total = await batch.total;
    return total - batch.hits + 1 + position;
  };
  let rememberedIndex = Number.NaN;
  const previousCounts = new Map<string, number>();
  const previousHits = async (subject: string, index: number): Promise<number> => {
    if (index !== rememberedIndex) {
      previousCounts.clear();
      rememberedIndex = index;
    }
    const known = previousCounts.get(subject);
    if (known !== undefined) return known;
    const key = keyOf(subject, index - 1);
    const hits = await sharedRead(counters, key, async () => Number((await counters.findById(key, { points: 1 }).lean())?.points ?? 0));
    if (rememberedIndex === index) previousCounts.set(subject, hits);
    return hits;
  };
  return {
    async hit(subject) {
      const nowMs = deps.clock.now().getTime();
      const index = Math.floor(nowMs / windowMs);
      const elapsedMs = nowMs - index * windowMs;
      const currentKey = keyOf(subject, index);
      const [currentHits, previous] = await Promise.all([countHit(currentKey), previousHits(subject, index)]);
      const window = { previousHits: previous, currentHits, elapsedMs, limit, windowMs };
      if (withinLimit(window)) return { allowed: true };
      await add(currentKey, -1);
      return { allowed: false, retryAfterSeconds: secondsUntilAdmitted({ ...window, currentHits: window.currentHits - 1 }) };
    },
  };
}

interface WindowCounts {
  previousHits: number;
  currentHits: number;
  elapsedMs: number;
  limit: number;
  windowMs: number;
}

/** previous × (1 − elapsed/W) + current ≤ limit, multiplied out by W so it is exact in integers. */
export function withinLimit(w: WindowCounts): boolean {
  return w.previousHits * (w.windowMs - w.elapsedMs) + w.currentHits * w.windowMs <= w.limit * w.windowMs;
}

/**
 * When one more hit fits the estimate, in whole seconds (at least 1): later in this window once
 * enough of the previous one has slid out, or in the next window once enough of this one has.
 */
export function secondsUntilAdmitted(w: WindowCounts): number {
  // The elapsed time e at which `hits × (W − e) ≤ room × W` first holds.
  const firstFit = (hits: number, room: number) => (hits === 0 ? 0 : Math.max(0, w.windowMs - Math.floor((room * w.windowMs) / hits)));
  const waitMs =
    w.currentHits + 1 <= w.limit
      ? Math.max(0, firstFit(w.previousHits, w.limit - w.currentHits - 1) - w.elapsedMs)
      : w.windowMs - w.elapsedMs + firstFit(w.currentHits, w.limit - 1);
  return Math.max(1, Math.ceil(waitMs / 1000));
}

/**
 * The API's limit per client: by account on a session route once the session is verified (a clinic
 * may put many residents behind one address), by client address everywhere else — public routes,
 * integration routes, unknown paths and any request whose bearer token opens nothing, so junk
 * tokens neither escape the address's limit nor create counters of their own. The client address
 * is Koa's `ctx.ip`: X-Forwarded-For is believed only as far as TRUST_PROXY_HOPS proxies go.
 */
export interface RequestRateLimit {
  byClientAddress(ctx: Context): Promise<void>;
  byAccount(ctx: Context, accountId: string): Promise<void>;
}

export function requestRateLimit(
  deps: { models: Pick<Models, 'RateLimitCounter'>; clock: Clock },
  options: { limitPerMinute: number; exemptPaths: string[] },
): RequestRateLimit {
  const limiter = slidingWindowLimiter(deps, { name: 'api', limit: options.limitPerMinute, windowMs: 60_000 });
  const enforce = async (ctx: Context, subject: string) => {
    if (options.exemptPaths.includes(ctx.path)) return;
    const decision = await limiter.hit(subject);
    if (!decision.allowed) throw tooManyRequests(decision.retryAfterSeconds);
  };
  return {
    byClientAddress: (ctx) => enforce(ctx, `ip:${ctx.ip}`),
    byAccount: (ctx, accountId) => enforce(ctx, `account:${accountId}`),
  };
}

/** Removes counters no longer read; a job calls it so the collection stays small without TTL indexes. */
export async function purgeExpiredRateLimitCounters(models: Models): Promise<number> {
  // `expire` is stamped from the system clock (the counters' windows may follow a test's clock), so it is compared with the system clock.
  const { deletedCount } = await models.RateLimitCounter.deleteMany({ expire: { $lt: new Date() } });
  return deletedCount;
}
