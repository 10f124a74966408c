/**
 * This process's view of each wallet's newest commit, and a queue per wallet. Both are only
 * optimisations: the unique (residentId, seq) of the next insert validates a cached head (a stale
 * one costs a re-read), and another instance is serialised by the same index, not by this queue.
 * The queue spares operations of one process from racing each other for the same seq.
 */
import type { Types } from 'mongoose';
import type { WalletState } from '../../shared/points/walletState';
import type { LedgerDeps } from './deps';

export interface Head {
  seq: number;
  state: WalletState;
}

const heads_max = 20_000;
const headsByModel = new WeakMap<object, Map<string, Head>>();
const queuesByModel = new WeakMap<object, Map<string, Promise<unknown>>>();

function mapFor<V>(maps: WeakMap<object, Map<string, V>>, deps: LedgerDeps): Map<string, V> {
  let map = maps.get(deps.models.LedgerCommit);
  if (!map) {
    map = new Map();
    maps.set(deps.models.LedgerCommit, map);
  }
  return map;
}

export function cachedHead(deps: LedgerDeps, residentId: Types.ObjectId): Head | undefined {
  return mapFor(headsByModel, deps).get(residentId.toHexString());
}

export function rememberHead(deps: LedgerDeps, residentId: Types.ObjectId, head: Head): void {
  const heads = mapFor(headsByModel, deps);
  const key = residentId.toHexString();
  const known = heads.get(key);
  if (known && known.seq > head.seq) return;
  heads.delete(key);
  heads.set(key, head);
  // Map order is insertion order: the first key is the least recently written.
  if (heads.size > heads_max) heads.delete(heads.keys().next().value as string);
}

export function forgetHead(deps: LedgerDeps, residentId: Types.ObjectId): void {
  mapFor(headsByModel, deps).delete(residentId.toHexString());
}

/** Runs `work` after every earlier queued operation of this wallet in this process has settled. */
export function inWalletQueue<T>(deps: LedgerDeps, residentId: Types.ObjectId, work: () => Promise<T>): Promise<T> {
  const queues = mapFor(queuesByModel, deps);
  const key = residentId.toHexString();
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(work, work);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}
