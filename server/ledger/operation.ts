/**
 * The operation engine: commit by insert (docs/ledger.md). An operation is planned from the
 * wallet's newest commit (its head) and decided by inserting one immutable document:
 *
 *   { _id: <caller key>, residentId, seq: head.seq + 1, entries, result, state: wallet after }
 *
 * The unique `_id` makes the key single-use, the unique (residentId, seq) makes the insert a
 * compare-and-set on the head. There is no second write, so there is no half-done operation for a
 * crash to leave behind: an operation is one document or nothing.
 *
 * A refusal that follows from the payload or from a closed hold spends nothing; it is answered only
 * after checking the key is unused and the head it was planned on is still the newest.
 */
import { Types } from 'mongoose';
import { availablePointsOf, emptyWalletState, type LotTake, type WalletState } from '../../shared/points/walletState';
import type { LedgerEntryType } from '../models/ledgerCommit';
import { isDuplicateKey, payloadHashOf, type LedgerDeps } from './deps';
import { cachedHead, forgetHead, inWalletQueue, rememberHead, type Head } from './headCache';
import { collectionOf } from '../db/collectionOf';

export type { Head } from './headCache';
/** A result as stored on a commit: every command's result union is written in this shape. */
export type OpResult = { result: string } & Record<string, unknown>;

/** What an applied operation answers besides its own fields: the wallet after it. */
export type Balances = { balancePoints: number; heldPoints: number; availablePoints: number };

/** Answers for a key used before, in precedence order; `original` is what that operation answered. */
export const reusedKeyResults = ['exists_with_different_amount', 'exists_with_different_payload', 'exists'] as const;
export type ReusedKey<Settled> = { result: (typeof reusedKeyResults)[number]; original: Settled };

/** What an operation's planner decided, as stored: applied results carry the wallet after them. */
export type Settled<Applied extends OpResult, Refused extends OpResult> = (Applied & Balances) | Refused;
export type OperationResult<Applied extends OpResult, Refused extends OpResult> = Settled<Applied, Refused> | ReusedKey<Settled<Applied, Refused>>;

/**
 * A command's result codes in precedence order (the first that applies is answered). It compiles
 * only when the list names codes of the command's union and every one of them.
 */
export function precedenceOf<R extends { result: string }>() {
  return <const Codes extends readonly R['result'][]>(codes: Codes & ([R['result']] extends [Codes[number]] ? unknown : never)): Codes => codes;
}

export interface EntryLine {
  type: LedgerEntryType;
  points: number;
  heldDeltaPoints: number;
  cappedPoints?: number;
  reasonCode: string;
  note?: string | null;
  sourceEventId?: string | null;
  checkoutId?: string | null;
  holdId?: string | null;
  policyVersion?: number | null;
  actor: string;
  /** The expiry buckets the points went to (credits) or came from (capture, expire, debit). */
  lots?: LotTake[];
}

/** Fields later planners and the expiry sweeps look up. */
export interface CommitFields {
  holdId?: string;
  /** A hold's expiry, or the expiry of the lot a credit created. */
  expiresAt?: Date;
  earn?: { year: number; keys: string[] };
  reversal?: { refundFen: number; paidTotalFen: number; points: number };
}

export interface CommitDoc extends CommitFields {
  _id: string;
  residentId: Types.ObjectId;
  seq: number;
  type: string;
  payloadHash: string;
  amountPoints: number | null;
  at: Date;
  entries: EntryLine[];
  result: OpResult;
  state: WalletState;
}

export type Decision<Applied extends OpResult = OpResult, Refused extends OpResult = OpResult> =
  | { kind: 'apply'; state: WalletState; entries: EntryLine[]; fields?: CommitFields; result: Applied }
  /** `fence`: the refusal depends on the wallet (points, the monthly cap), so it is committed and
   *  the key is spent: a retry gets the same answer. Otherwise nothing is written. */
  | { kind: 'reject'; result: Refused; fence: boolean; fields?: CommitFields }
  /** Not decided yet (e.g. a hold not yet expired). */
  | { kind: 'not_yet'; result: Refused };

export interface OperationSpec {
  key: string;
  type: string;
  residentId: Types.ObjectId;
  payload: Record<string, unknown>;
  /** Compared first on a reused key, so a different amount gets its own result code. */
  amountPoints?: number | null;
}

export interface PlanContext {
  deps: LedgerDeps;
  op: OperationSpec;
  head: Head;
  now: Date;
}

export type Planner<Applied extends OpResult = OpResult, Refused extends OpResult = OpResult> = (context: PlanContext) => Promise<Decision<Applied, Refused>>;

/** An operation type and its planner, whose results type what `runOperation` answers for it. */
export interface Operation<Applied extends OpResult, Refused extends OpResult> {
  type: string;
  planner: Planner<Applied, Refused>;
}

export function operationType<Applied extends OpResult, Refused extends OpResult>(type: string, planner: Planner<Applied, Refused>): Operation<Applied, Refused> {
  return { type, planner };
}

const attempts_max = 200;

/**
 * Runs one operation exactly once per key. A retry with the same payload returns
 * `{ result: 'exists', original }`; the same key with a different amount returns
 * `exists_with_different_amount`, with any other difference `exists_with_different_payload`.
 */
export async function runOperation<Applied extends OpResult, Refused extends OpResult>(
  deps: LedgerDeps,
  operation: Operation<Applied, Refused>,
  fields: Omit<OperationSpec, 'type'>,
): Promise<OperationResult<Applied, Refused>> {
  const { planner } = operation;
  const spec: OperationSpec = { ...fields, type: operation.type };
  const payloadHash = payloadHashOf({ type: spec.type, residentId: spec.residentId.toHexString(), ...spec.payload });
  const commits = collectionOf<CommitDoc>(deps.models.LedgerCommit);
  return inWalletQueue(deps, spec.residentId, async () => {
    for (let attempt = 0; attempt < attempts_max; attempt += 1) {
      const head = cachedHead(deps, spec.residentId) ?? (await loadHead(deps, spec.residentId));
      const now = deps.clock.now();
      const decision = await planner({ deps, op: spec, head, now });
      if (decision.kind === 'apply' || (decision.kind === 'reject' && decision.fence)) {
        const state = decision.kind === 'apply' ? decision.state : head.state;
        assertSound(spec.key, state);
        const result: Settled<Applied, Refused> =
          decision.kind === 'apply'
            ? { ...decision.result, balancePoints: state.balancePoints, heldPoints: state.heldPoints, availablePoints: availablePointsOf(state) }
            : decision.result;
        const commit: CommitDoc = {
          _id: spec.key,
          residentId: spec.residentId,
          seq: head.seq + 1,
          type: spec.type,
          payloadHash,
          amountPoints: spec.amountPoints ?? null,
          at: now,
          ...decision.fields,
          entries: decision.kind === 'apply' ? decision.entries : [],
          result,
          state,
        };
        try {
          await commits.insertOne(commit);
          rememberHead(deps, spec.residentId, { seq: commit.seq, state });
          return result;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
        // Either the key is spent or another writer took this seq (FerretDB does not say which index).
        const existing = await findCommit(deps, spec.key);
        if (existing) return answerForReusedKey<Applied, Refused>(existing, spec, payloadHash);
        forgetHead(deps, spec.residentId);
        await backoff(attempt);
        continue;
      }
      // Idempotency before state: a spent key answers `exists…` whatever the wallet says now.
      const existing = await findCommit(deps, spec.key);
      if (existing) return answerForReusedKey<Applied, Refused>(existing, spec, payloadHash);
      const newest = await loadHead(deps, spec.residentId);
      if (newest.seq !== head.seq) continue;
      return decision.result;
    }
    throw new Error(`operation ${spec.key}: wallet ${String(spec.residentId)} stayed contended for ${attempts_max} attempts`);
  });
}

function answerForReusedKey<Applied extends OpResult, Refused extends OpResult>(existing: CommitDoc, spec: OperationSpec, payloadHash: string): ReusedKey<Settled<Applied, Refused>> {
  // Every key names its operation type, so the stored result is one this operation's planner gave.
  const original = existing.result as Settled<Applied, Refused>;
  if (existing.payloadHash === payloadHash) return { result: 'exists', original };
  const differentAmount = (existing.amountPoints ?? null) !== (spec.amountPoints ?? null);
  return { result: differentAmount ? 'exists_with_different_amount' : 'exists_with_different_payload', original };
}

/** Programmer errors, not operating errors: a planner must never produce these. */
function assertSound(key: string, state: WalletState): void {
  const { balancePoints, heldPoints } = state;
  if (!Number.isSafeInteger(balancePoints) || !Number.isSafeInteger(heldPoints)) throw new Error(`operation ${key}: non-integer points`);
  if (heldPoints < 0 || balancePoints < heldPoints) throw new Error(`operation ${key} would leave balance ${balancePoints} held ${heldPoints}`);
}

export async function findCommit(deps: LedgerDeps, key: string): Promise<CommitDoc | null> {
  return collectionOf<CommitDoc>(deps.models.LedgerCommit).findOne<CommitDoc>({ _id: key });
}

/** The wallet's newest commit as stored now (remembered for the next operation of this process). */
export async function loadHead(deps: LedgerDeps, residentId: Types.ObjectId): Promise<Head> {
  const newest = await collectionOf<CommitDoc>(deps.models.LedgerCommit).findOne<Pick<CommitDoc, 'seq' | 'state'>>({ residentId }, {
    sort: { seq: -1 },
    projection: { seq: 1, state: 1 },
  });
  const head = newest ? { seq: newest.seq, state: newest.state } : { seq: 0, state: emptyWalletState() };
  rememberHead(deps, residentId, head);
  return head;
}

/**
 * The wallet's newest commit, for readers. Commits are numbered without gaps (seq n+1 is inserted
 * only over n), so with this process's cached head n one indexed equality read confirms it: no
 * commit n+1 means n is newest. Otherwise (a cold cache, another instance wrote) the newest by seq.
 * The equality read is what both MongoDB and FerretDB answer from an index in constant time,
 * whereas the newest-by-seq read costs FerretDB the wallet's whole history (docs/database.md).
 */
export async function currentHead(deps: LedgerDeps, residentId: Types.ObjectId): Promise<Head> {
  const cached = cachedHead(deps, residentId);
  if (cached) {
    const next = await collectionOf<CommitDoc>(deps.models.LedgerCommit).findOne({ residentId, seq: cached.seq + 1 }, { projection: { _id: 1 } });
    if (!next) return cached;
  }
  return loadHead(deps, residentId);
}

/** Full-jitter exponential backoff: instances contending for one wallet spread out. */
function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(200, 4 * 2 ** Math.min(attempt, 6));
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function asObjectId(value: Types.ObjectId | string): Types.ObjectId {
  return typeof value === 'string' ? new Types.ObjectId(value) : value;
}
