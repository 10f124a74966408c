import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Types } from 'mongoose';
import { checkoutSweeper } from '../../../server/checkout/checkoutSweeper';
import { checkoutCreator } from '../../../server/checkout/checkouts';
import { redemptionCodeIssuer } from '../../../server/checkout/redemptionCodes';
import { freeLoopbackPort } from '../../../server/dev/localMongo';
import type { AccountActor } from '../../../server/http/actor';
import { ledgerReconciler, type CommitDoc } from '../../../server/ledger';
import { createAccount, createBoundResident, createPharmacy, givePoints } from '../../helpers/factories';
import { walletBalances } from '../../helpers/ledger';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * SIGKILL of the service in the middle of a burst of 1,000 redemptions at the till (issue 19):
 * each redemption is the resident's confirmation (points held) and the cashier's counter payment
 * (points captured). After the kill a new process starts, the checkout sweeper finishes what the
 * dead one left between steps, the clients retry what got no answer, and the ledger reconciler
 * replays every wallet: no point lost, none taken twice.
 */
const RESIDENTS = 40;
const REDEMPTIONS_PER_RESIDENT = 25; // 25 × 20 points = the 500-point monthly cap
const POINTS = 20;
const STARTING_POINTS = 1000;
const KILL_AFTER_COMPLETED = 350;
const CONCURRENCY = 16;
const bill = { totalFen: 1000, selfPaidFen: 600, eligibleSelfPaidFen: 400 }; // offer: 20 points, 400 fen left to pay

type Step = 'scanned' | 'created' | 'confirmed' | 'done';
interface Redemption {
  /** Set once the till has scanned the resident's code. */
  checkoutId?: string;
  residentId: string;
  accountId: string;
  token: string;
  step: Step;
}

describe('SIGKILL of the service during a burst of 1,000 redemptions', () => {
  let stack: TestStack;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    stack = await startTestStack({ env: { RATE_LIMIT_PER_MINUTE: '1000000' } });
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await stack.stop();
  });

  test('the sweeper and the clients finish every redemption; the reconciler finds 0 points lost or doubled', async () => {
    const deps = stack.service.deps;
    const { pharmacyId } = await createPharmacy(stack);
    const cashier = await createAccount(stack, { roles: ['cashier'], staff: { pharmacyId } });
    const cashierActor: AccountActor = { kind: 'account', accountId: cashier.accountId, sessionId: cashier.sessionId, roles: ['cashier'], residentId: null, staff: { pharmacyId } };

    // 1,000 redemptions, 25 per resident. The till scans each code just before the resident
    // confirms (a checkout made up front could outlive its 5-minute confirmation window on a busy machine).
    const residents = await Promise.all(
      Array.from({ length: RESIDENTS }, async () => {
        const { resident, account } = await createBoundResident(stack);
        await givePoints(stack, resident.residentId, STARTING_POINTS);
        return { residentId: resident.residentId, accountId: account.accountId, token: account.token };
      }),
    );
    const redemptions: Redemption[] = Array.from({ length: REDEMPTIONS_PER_RESIDENT }, () => residents.map((r) => ({ ...r, step: 'scanned' as Step }))).flat();
    // An account holds one current code, so one resident's scans take turns.
    const scanning = new Map<string, Promise<unknown>>();
    const scan = (r: Redemption) => {
      const next = (scanning.get(r.residentId) ?? Promise.resolve()).then(async () => {
        const code = await redemptionCodeIssuer(deps, { residentId: r.residentId, accountId: r.accountId, proxyLinkId: null });
        const checkout = await checkoutCreator(deps, { ...bill, code: code.code, pharmacyId, cashier: cashierActor });
        expect(checkout.maxPoints).toBe(POINTS);
        return checkout._id;
      });
      scanning.set(r.residentId, next.catch(() => undefined));
      return next;
    };

    // The burst, against a service in a process of its own, SIGKILLed once 350 are done.
    const port = await freeLoopbackPort();
    let service = await startServiceProcess(stack, port);
    child = service.process;
    const base = `http://127.0.0.1:${port}`;
    const stats = { completedBeforeKill: 0, inFlightAtKill: 0, networkErrors: 0, retriedAfterRestart: 0 };
    let killed = false;
    let inFlight = 0;
    const redeem = async (r: Redemption) => {
      inFlight += 1;
      try {
        if (r.step === 'scanned') {
          r.checkoutId = await scan(r);
          r.step = 'created';
        }
        if (r.step === 'created') {
          const res = await post(base, `/api/residents/${r.residentId}/checkouts/${r.checkoutId}/confirm`, r.token, { points: POINTS });
          if (res.status !== 200) throw new Error(`confirm ${r.checkoutId}: ${res.status} ${res.text}`);
          r.step = 'confirmed';
        }
        const paid = await post(base, `/api/checkouts/${r.checkoutId}/counter-payment`, cashier.token, { amountFen: bill.selfPaidFen - POINTS * 10 });
        if (paid.status !== 200) throw new Error(`counter payment ${r.checkoutId}: ${paid.status} ${paid.text}`);
        r.step = 'done';
        if (!killed && (stats.completedBeforeKill += 1) >= KILL_AFTER_COMPLETED) {
          killed = true;
          stats.inFlightAtKill = inFlight - 1;
          service.process.kill('SIGKILL');
        }
      } catch (err) {
        if (!(err instanceof NetworkError)) throw err;
        stats.networkErrors += 1;
      } finally {
        inFlight -= 1;
      }
    };
    const queue = [...redemptions];
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      for (let r = queue.shift(); r && !killed; r = queue.shift()) await redeem(r);
    }));
    expect(killed).toBe(true);
    const killedAt = Date.now();

    // What the dead process left behind, by checkout state.
    const statesAfterKill = await checkoutStates(stack);

    // A new process; the sweeper replays the keyed steps of checkouts caught between two of them.
    service = await startServiceProcess(stack, port);
    child = service.process;
    const restartSeconds = (Date.now() - killedAt) / 1000;
    const later = { ...deps, clock: { now: () => new Date(Date.now() + 60_000) } };
    await checkoutSweeper(later);
    const statesAfterSweep = await checkoutStates(stack);

    // The clients go on: a step that got no answer is resumed from the checkout's state.
    for (const r of redemptions.filter((x) => x.step !== 'done' && x.step !== 'scanned')) {
      const state = (await deps.models.Checkout.findById(r.checkoutId, { state: 1 }).lean())?.state;
      if (state === 'completed') r.step = 'done';
      else if (state === 'awaiting_payment') r.step = 'confirmed';
      else if (state !== 'awaiting_confirmation') throw new Error(`checkout ${r.checkoutId} left in ${state}`);
      stats.retriedAfterRestart += 1;
    }
    const rest = redemptions.filter((x) => x.step !== 'done');
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      for (let r = rest.shift(); r; r = rest.shift()) await redeem(r);
    }));
    await checkoutSweeper(later);
    const finalStates = await checkoutStates(stack);

    // The ledger: replayed from its commits, and held against the checkouts.
    const discrepancies = await ledgerReconciler(deps);
    const commits = await deps.models.LedgerCommit.collection.find<CommitDoc>({ type: { $in: ['hold', 'capture'] } }).toArray();
    const perHold = new Map<string, { hold: number; capture: number }>();
    for (const c of commits) {
      const key = String(c.holdId);
      const counts = perHold.get(key) ?? { hold: 0, capture: 0 };
      if (c.type === 'hold' && c.result.result === 'held') counts.hold += 1;
      if (c.type === 'capture' && c.result.result === 'captured') counts.capture += 1;
      perHold.set(key, counts);
    }
    let lostPoints = 0;
    let doubledPoints = 0;
    for (const r of residents) {
      const completed = await deps.models.Checkout.find({ residentId: new Types.ObjectId(r.residentId), state: 'completed' }, { capturedPoints: 1 }).lean();
      const expected = STARTING_POINTS - completed.reduce((sum, c) => sum + (c.capturedPoints ?? 0), 0);
      const { balancePoints, heldPoints } = await walletBalances(deps, r.residentId);
      if (balancePoints > expected) lostPoints += balancePoints - expected; // captured at the till, never taken from the wallet
      if (balancePoints < expected) doubledPoints += expected - balancePoints; // taken from the wallet more than once
      expect(heldPoints).toBe(0);
    }
    const capturedTwice = [...perHold.values()].filter((c) => c.capture > 1).length;

    console.log(
      [
        `service SIGKILL: ${redemptions.length} redemptions (confirm + counter payment) by ${RESIDENTS} residents, ${CONCURRENCY} at a time`,
        `killed after ${stats.completedBeforeKill} completed, ${stats.inFlightAtKill} in flight, ${stats.networkErrors} requests without an answer; new process after ${restartSeconds.toFixed(1)} s`,
        `checkouts after the kill: ${format(statesAfterKill)}; after the sweeper: ${format(statesAfterSweep)}; at the end: ${format(finalStates)}`,
        `resumed by the clients: ${stats.retriedAfterRestart}; points captured: ${commits.filter((c) => c.type === 'capture').reduce((s, c) => s + Number(c.result.capturedPoints ?? 0), 0)}`,
        `reconciler discrepancies: ${discrepancies.length}; points lost: ${lostPoints}; points doubled: ${doubledPoints}; holds captured twice: ${capturedTwice}`,
      ].join('\n  '),
    );
    expect(finalStates).toEqual({ completed: redemptions.length });
    expect(discrepancies).toEqual([]);
    expect(lostPoints).toBe(0);
    expect(doubledPoints).toBe(0);
    expect(capturedTwice).toBe(0);
    expect([...perHold.values()].every((c) => c.hold === 1 && c.capture === 1)).toBe(true);
  }, 600_000);
});

class NetworkError extends Error {}

async function post(base: string, path: string, token: string, body: object): Promise<{ status: number; text: string }> {
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (err) {
    throw new NetworkError(String(err));
  }
  // A connection cut while the body was on its way is no answer either.
  const text = await res.text().catch(() => {
    throw new NetworkError('body cut off');
  });
  return { status: res.status, text };
}

async function checkoutStates(stack: TestStack): Promise<Record<string, number>> {
  const rows = await stack.service.deps.models.Checkout.aggregate<{ _id: string; n: number }>([{ $group: { _id: '$state', n: { $sum: 1 } } }]);
  return Object.fromEntries(rows.sort((a, b) => a._id.localeCompare(b._id)).map((r) => [r._id, r.n]));
}

const format = (states: Record<string, number>) => Object.entries(states).map(([s, n]) => `${s} ${n}`).join(', ');

const repoRoot = resolve(__dirname, '../../..');

/** The stack's service configuration in a child process on `port`; resolves once it listens. */
function startServiceProcess(stack: TestStack, port: number): Promise<{ process: ChildProcess }> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/faults/serviceProcess.ts'], {
      cwd: repoRoot,
      env: { ...process.env, ...stack.env, PORT: String(port), JOBS_ENABLED: '0', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening ')) resolveStart({ process: child });
    });
    child.once('exit', (code, signal) => reject(new Error(`service process exited (${code ?? signal}) before listening: ${stderr}`)));
  });
}
