import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { isDuplicateKeyError } from '../identity/codes';
import { collectionOf } from './collectionOf';
import type { bindModels } from './models';

type LeaseDeps = { models: ReturnType<typeof bindModels>; clock: Clock };

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` while holding the lease on `key`, for check-then-write sequences that span documents
 * (no transactions): one single-document insert or take-over decides who holds it, on any instance.
 * Waits up to `waitMs` for a holder to finish, then throws `busy()`. A holder that crashes blocks
 * the key for at most `ttlMs`; `work` must finish well within it.
 */
export async function withLease<T>(deps: LeaseDeps, key: string, options: { ttlMs: number; waitMs: number; busy: () => Error }, work: () => Promise<T>): Promise<T> {
  const leases = collectionOf<{ _id: string; holder: string; until: Date }>(deps.models.Lease);
  const holder = randomUUID();
  const deadline = Date.now() + options.waitMs;
  for (let attempt = 0; ; attempt += 1) {
    const until = new Date(deps.clock.now().getTime() + options.ttlMs);
    try {
      await leases.insertOne({ _id: key, holder, until });
      break;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    const takenOver = await leases.findOneAndUpdate({ _id: key, until: { $lte: deps.clock.now() } }, { $set: { holder, until } }, { returnDocument: 'after' });
    if (takenOver) break;
    if (Date.now() >= deadline) throw options.busy();
    await wait(Math.min(200, 10 * 2 ** Math.min(attempt, 4)) * (0.5 + Math.random()));
  }
  try {
    return await work();
  } finally {
    await leases.deleteOne({ _id: key, holder });
  }
}
