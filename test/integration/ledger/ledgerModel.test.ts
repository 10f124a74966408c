/**
 * Model test: random sequences of earn / hold / capture / release / expire / reverse, with
 * duplicate keys and concurrent batches (Promise.all), against the real database and a simple
 * in-memory model. Sequential steps must return exactly the model's result code; after a batch the
 * model takes the results as given. After every step the wallets equal the model, and after every
 * run the reconciler finds nothing (docs/domain.md §5).
 *
 * LEDGER_MODEL_RUNS sets the number of runs: 25 in `npm test`, 10000 nightly
 * (`LEDGER_MODEL_RUNS=10000 npx jest test/integration/ledger/ledgerModel --selectProjects integration`).
 * A failure prints the seed, path and counterexample; replay exactly that run with
 * LEDGER_MODEL_SEED=<seed> LEDGER_MODEL_PATH=<path>.
 */
import fc from 'fast-check';
import { Types } from 'mongoose';
import { defaultPolicy, pointsForEvent, proportionalRestore, type EarnEventType } from '../../../shared/points';
import { shanghaiDate, shanghaiMonthKey, shanghaiYear } from '../../../shared/time/shanghai';
import {
  holdCapturer,
  holdExpirer,
  holdReleaser,
  ledgerReconciler,
  pointsExpirer,
  pointsIssuer,
  pointsReverser,
  redemptionHolder,
  walletStateOf,
  type LedgerDeps,
  type OpResult,
} from '../../../server/ledger';
import { type ManualClock } from '../../../server/clock';
import { useTestDatabase } from '../../helpers/db';
import { ledgerDepsFor, walletNumbers } from './ledgerHarness';

const db = useTestDatabase();
const runs = Number(process.env.LEDGER_MODEL_RUNS ?? 25);
const seed = process.env.LEDGER_MODEL_SEED ? Number(process.env.LEDGER_MODEL_SEED) : undefined;
/** With the seed, replays exactly the failing run fast-check printed (`path: "…"`). */
const path = process.env.LEDGER_MODEL_PATH;

type Op =
  | { kind: 'earn'; n: number; resident: number }
  | { kind: 'hold'; n: number; points: number }
  | { kind: 'capture'; n: number; points: number }
  | { kind: 'release'; n: number }
  | { kind: 'reverse'; n: number; r: number; refundFen: number }
  | { kind: 'advance'; minutes: number };
type Step = { batch: false; op: Op } | { batch: true; ops: Op[] };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('earn' as const), n: fc.nat(11), resident: fc.nat(1) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('hold' as const), n: fc.nat(7), points: fc.integer({ min: 5, max: 160 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('capture' as const), n: fc.nat(7), points: fc.integer({ min: 1, max: 170 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), n: fc.nat(7) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), n: fc.nat(7), r: fc.nat(2), refundFen: fc.integer({ min: 1, max: 700 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), minutes: fc.constantFrom(20, 60 * 24 * 40, 60 * 24 * 400) }) },
);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: opArb.map((op) => ({ batch: false as const, op })) },
  // Batches race operations against each other, not against the clock: time moves between steps.
  { weight: 1, arbitrary: fc.array(opArb.filter((op) => op.kind !== 'advance'), { minLength: 2, maxLength: 4 }).map((ops) => ({ batch: true as const, ops })) },
);

const earnTypes: EarnEventType[] = ['contractSigned', 'phoneFollowUp', 'homeReading', 'healthEducation'];
const paidTotalFen = 1000;

interface ModelHold { resident: number; points: number; state: 'reserved' | 'captured' | 'released' | 'expired'; expiresAt: number; monthKey: string; captured: number; refundedFen: number }
interface ModelLot { lotId: string; remainingPoints: number; expiresAt: Date }
interface ModelWallet { balance: number; held: number; counters: Map<string, number>; redeemed: Map<string, number>; lots: ModelLot[] }

class Model {
  wallets: ModelWallet[] = [0, 1].map(() => ({ balance: 0, held: 0, counters: new Map(), redeemed: new Map(), lots: [] }));
  holds = new Map<number, ModelHold>();
  /** Spent keys: key → the amount they were first sent with. */
  keys = new Map<string, number | string>();
  /** Spent hold keys → the expiry first sent: a retry after the clock moved is another payload. */
  holdExpiries = new Map<string, number>();
}

let deps: LedgerDeps & { clock: ManualClock };
beforeAll(async () => {
  deps = await ledgerDepsFor(db);
});

let runNo = 0;
test(`ledger model (${runs} runs)`, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(stepArb, { minLength: 5, maxLength: 25 }), async (steps) => {
      runNo += 1;
      const run = `m${runNo}-${Date.now().toString(36)}`;
      deps.clock.set(new Date('2026-03-10T02:00:00Z'));
      // Each run has its own residents; emptying the ledger keeps FerretDB's per-collection scans
      // short, so the nightly 10,000 runs take minutes per thousand instead of growing quadratically.
      const { models } = deps;
      await Promise.all([models.LedgerCommit, models.LedgerSweep].map((model) => model.collection.deleteMany({})));
      const residents = [new Types.ObjectId(), new Types.ObjectId()];
      const model = new Model();
      eventTimes.clear();
      for (const step of steps) {
        if (!step.batch) {
          const expected = predict(model, step.op);
          const actual = await execute(run, residents, step.op);
          expect({ op: step.op, result: actual.result }).toEqual({ op: step.op, result: expected });
          absorb(model, step.op, actual);
          await resyncLots(model, residents);
        } else {
          const results = await Promise.all(step.ops.map((op) => execute(run, residents, op)));
          // Whatever order they ran in, a success presupposes its predecessor's (hold → capture → refund).
          const order: Op['kind'][] = ['earn', 'hold', 'capture', 'release', 'reverse'];
          const pairs = step.ops.map((op, i) => ({ op, result: results[i]! }));
          pairs.sort((a, b) => order.indexOf(a.op.kind) - order.indexOf(b.op.kind));
          for (const { op, result } of pairs) absorb(model, op, result);
          await resyncLots(model, residents);
        }
        for (const [i, r] of residents.entries()) {
          const w = model.wallets[i]!;
          expect(await walletNumbers(deps, r)).toEqual({ balance: w.balance, held: w.held, available: w.balance - w.held });
          expect(w.balance - w.held).toBeGreaterThanOrEqual(0);
        }
      }
      expect(await ledgerReconciler(deps, { residentIds: residents })).toEqual([]);
    }),
    { numRuns: runs, verbose: true, endOnFailure: process.env.LEDGER_MODEL_SHRINK !== "1", ...(seed !== undefined ? { seed, ...(path ? { path } : {}) } : {}) },
  );
}, 600_000 + runs * 2_000);

const eventTimes = new Map<string, Date>();
const holdResident = (n: number) => n % 2;
const holdKey = (run: string, n: number) => `${run}-h${n}`;
/** A checkout asks for 15 minutes from when it first holds. */
const holdExpiry = (now: Date) => now.getTime() + 15 * 60_000;

async function execute(run: string, residents: Types.ObjectId[], op: Op): Promise<OpResult> {
  switch (op.kind) {
    case 'earn': {
      // A re-sent event carries the time it first happened.
      const occurredAt = eventTimes.get(`e${op.n}-${op.resident}`) ?? deps.clock.now();
      eventTimes.set(`e${op.n}-${op.resident}`, occurredAt);
      return pointsIssuer(deps, {
        eventId: `${run}-e${op.n}-${op.resident}`,
        eventType: earnTypes[op.n % earnTypes.length]!,
        subKey: 'bp',
        residentId: residents[op.resident]!,
        occurredAt,
        contracted: true,
      });
    }
    case 'hold':
      return redemptionHolder(deps, {
        holdId: holdKey(run, op.n),
        residentId: residents[holdResident(op.n)]!,
        points: op.points,
        expiresAt: new Date(holdExpiry(deps.clock.now())),
        checkoutId: `co-${op.n}`,
      });
    case 'capture':
      return holdCapturer(deps, { holdId: holdKey(run, op.n), points: op.points });
    case 'release':
      return holdReleaser(deps, { holdId: holdKey(run, op.n) });
    case 'reverse':
      return pointsReverser(deps, { reversalId: `${run}-rv${op.n}-${op.r}`, holdId: holdKey(run, op.n), refundFen: op.refundFen, paidTotalFen });
    case 'advance': {
      deps.clock.advanceMs(op.minutes * 60_000);
      await holdExpirer(deps, { residentIds: residents });
      await pointsExpirer(deps, { residentIds: residents });
      return { result: 'advanced' };
    }
  }
}

/** The result code the model expects for one operation run alone. */
function predict(model: Model, op: Op): string {
  const now = deps.clock.now();
  switch (op.kind) {
    case 'earn': {
      const key = `e${op.n}-${op.resident}`;
      if (model.keys.has(key)) return 'exists';
      return earnOutcome(model.wallets[op.resident]!, earnTypes[op.n % earnTypes.length]!, now).reason;
    }
    case 'hold': {
      const key = `h${op.n}`;
      if (model.keys.has(key)) {
        if (model.keys.get(key) !== op.points) return 'exists_with_different_amount';
        return model.holdExpiries.get(key) === holdExpiry(now) ? 'exists' : 'exists_with_different_payload';
      }
      if (op.points < defaultPolicy.redemption.minPoints) return 'below_minimum';
      const w = model.wallets[holdResident(op.n)]!;
      if ((w.redeemed.get(shanghaiMonthKey(now)) ?? 0) + op.points > defaultPolicy.redemption.monthlyCapPoints) return 'exceeds_monthly_redemption_cap';
      if (w.balance - w.held < op.points) return 'insufficient_available_points';
      return 'held';
    }
    case 'capture': {
      const hold = model.holds.get(op.n);
      if (!hold) return 'hold_not_found';
      const key = `c${op.n}`;
      if (model.keys.has(key)) return model.keys.get(key) === op.points ? 'exists' : 'exists_with_different_amount';
      if (hold.state === 'released') return 'hold_already_released';
      if (hold.state === 'expired' || hold.expiresAt <= now.getTime()) return 'hold_expired';
      if (op.points > hold.points) return 'capture_exceeds_hold';
      return 'captured';
    }
    case 'release': {
      const hold = model.holds.get(op.n);
      if (!hold) return 'hold_not_found';
      if (model.keys.has(`r${op.n}`)) return 'exists';
      if (hold.state === 'captured') return 'hold_already_captured';
      if (hold.state === 'expired') return 'hold_already_expired';
      return 'released';
    }
    case 'reverse': {
      const hold = model.holds.get(op.n);
      // A hold operation that was refused still names its resident: the refund finds no capture.
      if (!hold) return model.keys.has(`h${op.n}`) ? 'hold_not_captured' : 'hold_not_found';
      const key = `rv${op.n}-${op.r}`;
      if (model.keys.has(key)) return model.keys.get(key) === op.refundFen ? 'exists' : 'exists_with_different_amount';
      if (hold.state !== 'captured') return 'hold_not_captured';
      if (hold.refundedFen + op.refundFen > paidTotalFen) return 'refund_exceeds_paid_amount';
      return 'reversed';
    }
    case 'advance':
      return 'advanced';
  }
}

function earnOutcome(w: ModelWallet, type: EarnEventType, now: Date) {
  const year = shanghaiYear(now);
  const c = (key: string) => w.counters.get(key) ?? 0;
  const keys = [`d:${shanghaiDate(now)}:${type}`, `m:${shanghaiMonthKey(now)}:${type}`, `y:${year}:${type}`, `y:${year}`];
  const outcome = pointsForEvent(defaultPolicy, { type, subKey: 'bp', contracted: true }, {
    earnedTodayPoints: c(keys[0]!),
    earnedThisMonthPoints: c(keys[1]!),
    earnedThisYearPoints: c(keys[2]!),
    earnedThisYearTotalPoints: c(keys[3]!),
  });
  return { ...outcome, keys };
}

/** Applies an actual result to the model (for a batch, in whatever order the results came). */
function absorb(model: Model, op: Op, actual: OpResult): void {
  const now = deps.clock.now();
  const code = actual.result;
  switch (op.kind) {
    case 'earn': {
      if (code === 'exists') return;
      const w = model.wallets[op.resident]!;
      const type = earnTypes[op.n % earnTypes.length]!;
      // Counted in the periods of when the event happened (a batch may have moved the clock since).
      const { keys } = earnOutcome(w, type, eventTimes.get(`e${op.n}-${op.resident}`) ?? now);
      const points = actual.points as number;
      model.keys.set(`e${op.n}-${op.resident}`, 0);
      w.balance += points;
      for (const key of keys) w.counters.set(key, (w.counters.get(key) ?? 0) + points);
      return;
    }
    case 'hold': {
      // Refusals that follow from the payload (or a clock moved by a concurrent step) spend no key.
      if (['exists_with_different_amount', 'exists_with_different_payload', 'exists', 'below_minimum', 'expires_at_must_be_in_future'].includes(code)) return;
      model.keys.set(`h${op.n}`, op.points);
      model.holdExpiries.set(`h${op.n}`, holdExpiry(now));
      if (code !== 'held') return;
      const w = model.wallets[holdResident(op.n)]!;
      const monthKey = shanghaiMonthKey(now);
      w.held += op.points;
      w.redeemed.set(monthKey, (w.redeemed.get(monthKey) ?? 0) + op.points);
      model.holds.set(op.n, { resident: holdResident(op.n), points: op.points, state: 'reserved', expiresAt: holdExpiry(now), monthKey, captured: 0, refundedFen: 0 });
      return;
    }
    case 'capture': {
      if (code !== 'captured') return;
      model.keys.set(`c${op.n}`, op.points);
      const hold = model.holds.get(op.n)!;
      const w = model.wallets[hold.resident]!;
      w.balance -= op.points;
      w.held -= hold.points;
      w.redeemed.set(hold.monthKey, (w.redeemed.get(hold.monthKey) ?? 0) - (hold.points - op.points));
      hold.state = 'captured';
      hold.captured = op.points;
      return;
    }
    case 'release': {
      if (code !== 'released') return;
      model.keys.set(`r${op.n}`, 0);
      const hold = model.holds.get(op.n)!;
      closeHold(model, hold, 'released');
      return;
    }
    case 'reverse': {
      if (code !== 'reversed') return;
      model.keys.set(`rv${op.n}-${op.r}`, op.refundFen);
      const hold = model.holds.get(op.n)!;
      const points = proportionalRestore(hold.captured, op.refundFen, paidTotalFen, hold.refundedFen);
      expect(actual.restoredPoints).toBe(points);
      hold.refundedFen += op.refundFen;
      const w = model.wallets[hold.resident]!;
      w.balance += points;
      return;
    }
    case 'advance': {
      for (const hold of model.holds.values()) if (hold.state === 'reserved' && hold.expiresAt <= now.getTime()) closeHold(model, hold, 'expired');
      for (const w of model.wallets) {
        for (const lot of w.lots) {
          if (lot.expiresAt.getTime() > now.getTime() || lot.remainingPoints === 0) continue;
          const expired = Math.min(lot.remainingPoints, w.balance - w.held);
          lot.remainingPoints -= expired;
          w.balance -= expired;
        }
      }
    }
  }
}

function closeHold(model: Model, hold: ModelHold, state: 'released' | 'expired'): void {
  const w = model.wallets[hold.resident]!;
  w.held -= hold.points;
  w.redeemed.set(hold.monthKey, (w.redeemed.get(hold.monthKey) ?? 0) - hold.points);
  hold.state = state;
}

/** Lot ids and allocation order are the ledger's business (reconciled: Σ lots == balance); the model
 *  takes the lots as stored after each step and predicts only how expiry treats them. */
async function resyncLots(model: Model, residents: Types.ObjectId[]): Promise<void> {
  for (const [i, r] of residents.entries()) {
    const { lots } = await walletStateOf(deps, r);
    model.wallets[i]!.lots = lots.map((lot) => ({ lotId: lot.expiresAt.toISOString(), remainingPoints: lot.remainingPoints, expiresAt: lot.expiresAt }));
  }
}
