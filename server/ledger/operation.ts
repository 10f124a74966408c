/**
 * The operation engine: every ledger command is a journaled operation made of single-document
 * atomic steps, so a crash between any two leaves a state the recoverer can finish. See docs/ledger.md.
 *
 *   (a) insert ledgerOperation {_id: key, payloadHash, state: started}      ← idempotency (unique _id)
 *   (b) wallet compare-and-set on `version`: balances + `pendingOps.<ref>` = the full effect
 *       (or, for a rejection that depends on the wallet, `doneOps.<ref>` = the result)   ← the decision
 *   (c) write lots, lot allocations, the hold document and entries from the effect (deterministic
 *       ids / `appliedOpRefs` guards, so writing twice is harmless)
 *   (d) mark the operation completed with its result, then move the ref pendingOps → doneOps
 *
 * Anyone may do (c)–(d) for an effect found in `pendingOps` (the recoverer, a retry, the next
 * operation on the same wallet), because the effect stored at (b) is the only truth about it.
 */
import { Types } from 'mongoose';
import type { LotAllocation } from '../../shared/points';
import type { LedgerEntryType } from '../models/ledgerEntry';
import { isDuplicateKey, payloadHashOf, refOf, type LedgerDeps } from './deps';

export type OpResult = { result: string } & Record<string, unknown>;

export interface EntryPlan {
  type: LedgerEntryType;
  points: number;
  heldDeltaPoints: number;
  cappedPoints?: number;
  reasonCode: string;
  note?: string | null;
  sourceEventId?: string | null;
  checkoutId?: string | null;
  holdId?: string | null;
  lotId?: string | null;
  policyVersion?: number | null;
  actor: string;
}

export interface LotPlan {
  lotId: string;
  points: number;
  earnedAt: Date;
  expiresAt: Date;
}

export type HoldWrite =
  | { kind: 'create'; holdId: string; checkoutId: string; points: number; monthKey: string; expiresAt: Date }
  | { kind: 'close'; holdId: string; state: 'captured' | 'released' | 'expired'; capturedPoints: number; allocations: LotAllocation[] };

/** Everything step (c) writes; stored in the wallet at step (b). */
export interface Effect {
  opKey: string;
  residentId: Types.ObjectId;
  at: Date;
  seq: number;
  balanceAfterPoints: number;
  heldAfterPoints: number;
  entries: EntryPlan[];
  lotsCreate: LotPlan[];
  lotsConsume: LotAllocation[];
  hold: HoldWrite | null;
  result: OpResult;
}

export interface WalletChange {
  balanceDeltaPoints: number;
  heldDeltaPoints: number;
  inc?: Record<string, number>;
  set?: Record<string, unknown>;
  unset?: string[];
}

export type Decision =
  | {
      kind: 'apply';
      change: WalletChange;
      entries: EntryPlan[];
      lotsCreate?: LotPlan[];
      lotsConsume?: LotAllocation[];
      hold?: HoldWrite | null;
      result: OpResult;
    }
  /** `fence`: the rejection depends on the wallet's state, so it is recorded there and the key is
   *  spent (a later replay must give the same answer); otherwise the journal marks it `rejected`
   *  and the key may be used again. */
  | { kind: 'reject'; result: OpResult; fence: boolean }
  /** Not decided yet (e.g. a hold not yet expired): returned, the operation stays started. */
  | { kind: 'not_yet'; result: OpResult };

export interface WalletSnapshot {
  _id: Types.ObjectId;
  residentId: Types.ObjectId;
  balancePoints: number;
  heldPoints: number;
  version: number;
  pendingCount: number;
  pendingOps: Record<string, Effect>;
  doneOps: Record<string, { n: number; result?: OpResult }>;
  openHolds: Record<string, { holdId: string; points: number; monthKey: string; expiresAt: Date }>;
  earnCounters: Record<string, number>;
  redeemedByMonth: Record<string, number>;
}

export interface OperationDoc {
  _id: string;
  ref: string;
  type: string;
  residentId: Types.ObjectId | null;
  payload: Record<string, unknown>;
  payloadHash: string;
  amountPoints: number | null;
  state: 'started' | 'completed' | 'rejected';
  result: OpResult | null;
  createdAt: Date;
}

export interface PlanContext {
  deps: LedgerDeps;
  op: OperationDoc;
  wallet: WalletSnapshot;
  now: Date;
}

export type Planner = (context: PlanContext) => Promise<Decision>;

const planners = new Map<string, Planner>();

/** Each command registers how to plan its operation type, so the recoverer can replay any of them. */
export function registerPlanner(type: string, planner: Planner): void {
  planners.set(type, planner);
}

/** Finished or rejected operations the wallet remembers (the fence against a late duplicate). */
export const doneOpsKept = 64;
const attempts_max = 500;

export interface OperationSpec {
  key: string;
  type: string;
  residentId: Types.ObjectId;
  payload: Record<string, unknown>;
  /** Compared first on a reused key, so a different amount gets its own result code. */
  amountPoints?: number | null;
}

/**
 * Runs one operation exactly once per key. A retry with the same payload returns
 * `{ result: 'exists', original }`; the same key with a different amount returns
 * `exists_with_different_amount`, with any other difference `exists_with_different_payload`.
 */
export async function runOperation(deps: LedgerDeps, spec: OperationSpec): Promise<OpResult> {
  const payloadHash = payloadHashOf({ type: spec.type, residentId: spec.residentId.toHexString(), ...spec.payload });
  const doc: OperationDoc = {
    _id: spec.key,
    ref: refOf(spec.key),
    type: spec.type,
    residentId: spec.residentId,
    payload: spec.payload,
    payloadHash,
    amountPoints: spec.amountPoints ?? null,
    state: 'started',
    result: null,
    createdAt: deps.clock.now(),
  };
  const journal = deps.models.LedgerOperation.collection;
  for (let attempt = 0; attempt < attempts_max; attempt += 1) {
    try {
      await journal.insertOne(doc as never);
      return await executeOperation(deps, doc);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const existing = await journal.findOne<OperationDoc>({ _id: spec.key } as never);
    if (!existing) continue;
    if (existing.state === 'rejected') {
      // A refusal that spent nothing: the key may be used again, with this payload.
      const restarted = await journal.findOneAndUpdate({ _id: spec.key, state: 'rejected' } as never, { $set: { ...doc, result: null } } as never, {
        returnDocument: 'after',
      });
      if (restarted) return executeOperation(deps, doc);
      continue;
    }
    if (existing.payloadHash !== payloadHash) {
      const differentAmount = (existing.amountPoints ?? null) !== (spec.amountPoints ?? null);
      return {
        result: differentAmount ? 'exists_with_different_amount' : 'exists_with_different_payload',
        ...(existing.result ? { original: existing.result } : {}),
      };
    }
    if (existing.state === 'completed' && existing.result) return { result: 'exists', original: existing.result };
    // Started by someone else (in flight, or crashed): helping is safe, the wallet decides once.
    return { result: 'exists', original: await executeOperation(deps, existing) };
  }
  throw new Error(`operation ${spec.key}: journal entry kept changing`);
}

/** Drives a started operation to completion; used by the first caller, duplicates and the recoverer. */
export async function executeOperation(deps: LedgerDeps, op: OperationDoc): Promise<OpResult> {
  const planner = planners.get(op.type);
  if (!planner) throw new Error(`no planner for ledger operation type ${op.type}`);
  if (!op.residentId) throw new Error(`operation ${op._id} has no resident`);
  for (let attempt = 0; attempt < attempts_max; attempt += 1) {
    const wallet = await loadWallet(deps, op.residentId);
    const pending = wallet.pendingOps[op.ref];
    if (pending) return finishApplied(deps, wallet, op.ref, pending);
    const done = wallet.doneOps[op.ref];
    if (done) return completeDecided(deps, op, done.result);
    if (wallet.pendingCount > 0) {
      // Another operation is half-done on this wallet: finish it first so lots and holds are current.
      for (const [ref, effect] of Object.entries(wallet.pendingOps)) await finishApplied(deps, wallet, ref, effect);
      continue;
    }
    const now = deps.clock.now();
    const decision = await planner({ deps, op, wallet, now });
    if (decision.kind === 'not_yet') return decision.result;
    if (decision.kind === 'reject' && !decision.fence) {
      // Follows from the payload or a final state: nothing to fence, so the key stays free
      // (a corrected retry, e.g. a capture within the hold, may use it).
      await deps.models.LedgerOperation.collection.updateOne(
        { _id: op._id, state: 'started' } as never,
        { $set: { state: 'rejected', result: decision.result, completedAt: deps.clock.now() } } as never,
      );
      return decision.result;
    }
    const walletFilter = {
      _id: wallet._id,
      version: wallet.version,
      [`pendingOps.${op.ref}`]: { $exists: false },
      [`doneOps.${op.ref}`]: { $exists: false },
    };
    if (decision.kind === 'reject') {
      const { modifiedCount } = await deps.models.Wallet.collection.updateOne(walletFilter as never, {
        $set: { [`doneOps.${op.ref}`]: { n: wallet.version, result: decision.result } },
        ...trimDoneOps(wallet),
      } as never);
      if (modifiedCount === 1) return completeOperation(deps, op._id, decision.result);
      await backoff(attempt);
      continue;
    }
    const { change } = decision;
    const balanceAfterPoints = wallet.balancePoints + change.balanceDeltaPoints;
    const heldAfterPoints = wallet.heldPoints + change.heldDeltaPoints;
    // Programmer errors, not operating errors: a planner must never produce these.
    if (!Number.isSafeInteger(balanceAfterPoints) || !Number.isSafeInteger(heldAfterPoints)) throw new Error('non-integer points');
    if (heldAfterPoints < 0 || balanceAfterPoints < heldAfterPoints) {
      throw new Error(`operation ${op._id} would leave balance ${balanceAfterPoints} held ${heldAfterPoints}`);
    }
    const effect: Effect = {
      opKey: op._id,
      residentId: op.residentId,
      at: now,
      seq: wallet.version + 1,
      balanceAfterPoints,
      heldAfterPoints,
      entries: decision.entries,
      lotsCreate: decision.lotsCreate ?? [],
      lotsConsume: decision.lotsConsume ?? [],
      hold: decision.hold ?? null,
      result: { ...decision.result, balancePoints: balanceAfterPoints, heldPoints: heldAfterPoints, availablePoints: balanceAfterPoints - heldAfterPoints },
    };
    const unset = Object.fromEntries((change.unset ?? []).map((path) => [path, '']));
    const applied = await deps.models.Wallet.collection.findOneAndUpdate(
      walletFilter as never,
      {
        $inc: { balancePoints: change.balanceDeltaPoints, heldPoints: change.heldDeltaPoints, version: 1, pendingCount: 1, ...change.inc },
        $set: { [`pendingOps.${op.ref}`]: effect, ...change.set },
        ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
      } as never,
      { returnDocument: 'after' },
    );
    if (!applied) {
      await backoff(attempt);
      continue;
    }
    return finishApplied(deps, applied as unknown as WalletSnapshot, op.ref, effect);
  }
  throw new Error(`operation ${op._id}: wallet ${String(op.residentId)} stayed contended for ${attempts_max} attempts`);
}

/** The wallet of a resident, created empty on first use. */
export async function loadWallet(deps: LedgerDeps, residentId: Types.ObjectId): Promise<WalletSnapshot> {
  const collection = deps.models.Wallet.collection;
  const existing = await collection.findOne<WalletSnapshot>({ _id: residentId } as never);
  if (existing) return existing;
  try {
    await collection.insertOne({
      _id: residentId,
      residentId,
      balancePoints: 0,
      heldPoints: 0,
      version: 0,
      pendingCount: 0,
      pendingOps: {},
      doneOps: {},
      openHolds: {},
      earnCounters: {},
      redeemedByMonth: {},
      createdAt: deps.clock.now(),
    } as never);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const created = await collection.findOne<WalletSnapshot>({ _id: residentId } as never);
  if (!created) throw new Error(`wallet ${String(residentId)} vanished`);
  return created;
}

/** Step (c) and (d) for an applied effect. Idempotent: any number of helpers may run it. */
export async function finishApplied(deps: LedgerDeps, wallet: WalletSnapshot, ref: string, effect: Effect): Promise<OpResult> {
  const { models } = deps;
  if (effect.lotsCreate.length > 0) {
    await insertIgnoringDuplicates(
      models.PointsLot.collection,
      effect.lotsCreate.map((lot) => ({
        _id: lot.lotId,
        residentId: effect.residentId,
        originalPoints: lot.points,
        remainingPoints: lot.points,
        earnedAt: lot.earnedAt,
        expiresAt: lot.expiresAt,
        sourceOpKey: effect.opKey,
        appliedOpRefs: [],
      })),
    );
  }
  for (const allocation of effect.lotsConsume) {
    await models.PointsLot.collection.updateOne(
      { _id: allocation.lotId, appliedOpRefs: { $ne: ref } } as never,
      { $inc: { remainingPoints: -allocation.points }, $push: { appliedOpRefs: ref } } as never,
    );
  }
  const hold = effect.hold;
  if (hold?.kind === 'create') {
    await insertIgnoringDuplicates(models.Hold.collection, [
      {
        _id: hold.holdId,
        residentId: effect.residentId,
        checkoutId: hold.checkoutId,
        points: hold.points,
        state: 'reserved',
        monthKey: hold.monthKey,
        expiresAt: hold.expiresAt,
        createdAt: effect.at,
        closedAt: null,
        capturedPoints: 0,
        allocations: [],
        paidTotalFen: null,
        refundedFen: 0,
        reversedPoints: 0,
        reversalKeys: [],
        reversals: [],
      },
    ]);
  } else if (hold?.kind === 'close') {
    await models.Hold.collection.updateOne(
      { _id: hold.holdId, state: 'reserved' } as never,
      { $set: { state: hold.state, closedAt: effect.at, capturedPoints: hold.capturedPoints, allocations: hold.allocations } } as never,
    );
  }
  await insertIgnoringDuplicates(
    models.LedgerEntry.collection,
    effect.entries.map((entry, index) => ({
      _id: `${effect.opKey}#${index}`,
      idempotencyKey: `${effect.opKey}#${index}`,
      opKey: effect.opKey,
      residentId: effect.residentId,
      type: entry.type,
      points: entry.points,
      heldDeltaPoints: entry.heldDeltaPoints,
      cappedPoints: entry.cappedPoints ?? 0,
      reasonCode: entry.reasonCode,
      note: entry.note ?? null,
      sourceEventId: entry.sourceEventId ?? null,
      checkoutId: entry.checkoutId ?? null,
      holdId: entry.holdId ?? null,
      lotId: entry.lotId ?? null,
      policyVersion: entry.policyVersion ?? null,
      actor: entry.actor,
      seq: effect.seq,
      balanceAfterPoints: effect.balanceAfterPoints,
      heldAfterPoints: effect.heldAfterPoints,
      at: effect.at,
    })),
  );
  const result = await completeOperation(deps, effect.opKey, effect.result);
  await models.Wallet.collection.updateOne(
    { _id: wallet._id, [`pendingOps.${ref}`]: { $exists: true } } as never,
    {
      $unset: { [`pendingOps.${ref}`]: '', ...trimDoneOps(wallet).$unset },
      $inc: { pendingCount: -1 },
      $set: { [`doneOps.${ref}`]: { n: effect.seq } },
    } as never,
  );
  return result;
}

/** Step (d): the first writer's result wins; a later one gets the stored result. */
async function completeOperation(deps: LedgerDeps, key: string, result: OpResult): Promise<OpResult> {
  // From `rejected` too: a concurrent duplicate may have refused on a state that then changed;
  // the applied effect is the truth the journal must end with.
  const updated = await deps.models.LedgerOperation.collection.findOneAndUpdate(
    { _id: key, state: { $in: ['started', 'rejected'] } } as never,
    { $set: { state: 'completed', result, completedAt: deps.clock.now() } } as never,
    { returnDocument: 'after' },
  );
  if (updated) return result;
  const stored = await deps.models.LedgerOperation.collection.findOne<OperationDoc>({ _id: key } as never);
  if (!stored?.result) throw new Error(`operation ${key} is neither started nor completed`);
  return stored.result;
}

/** The wallet recorded a decision for an operation whose journal entry is still `started`. */
async function completeDecided(deps: LedgerDeps, op: OperationDoc, result: OpResult | undefined): Promise<OpResult> {
  if (result) return completeOperation(deps, op._id, result);
  // Applied and finished (doneOps without a result): step (d) completed the journal first.
  const stored = await deps.models.LedgerOperation.collection.findOne<OperationDoc>({ _id: op._id } as never);
  if (stored?.state === 'completed' && stored.result) return stored.result;
  throw new Error(`operation ${op._id} is finished in the wallet but not in the journal`);
}

/** Keeps `doneOps` bounded: drops the oldest once it exceeds doneOpsKept by a margin. */
function trimDoneOps(wallet: WalletSnapshot): { $unset?: Record<string, ''> } {
  const refs = Object.entries(wallet.doneOps ?? {});
  if (refs.length <= doneOpsKept + 16) return {};
  const oldest = refs.sort((a, b) => a[1].n - b[1].n).slice(0, refs.length - doneOpsKept);
  return { $unset: Object.fromEntries(oldest.map(([ref]) => [`doneOps.${ref}`, ''])) };
}

async function insertIgnoringDuplicates(collection: { insertMany(docs: never[], options: { ordered: boolean }): Promise<unknown> }, docs: object[]): Promise<void> {
  if (docs.length === 0) return;
  try {
    await collection.insertMany(docs as never[], { ordered: false });
  } catch (err) {
    const writeErrors = (err as { writeErrors?: Array<{ code?: number }> | { code?: number } }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    if (list.length > 0 ? list.every((e) => e.code === 11000) : isDuplicateKey(err)) return;
    throw err;
  }
}

/** Full-jitter exponential backoff: contenders on one wallet spread out instead of thrashing. */
function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(200, 4 * 2 ** Math.min(attempt, 6));
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function asObjectId(value: Types.ObjectId | string): Types.ObjectId {
  return typeof value === 'string' ? new Types.ObjectId(value) : value;
}
