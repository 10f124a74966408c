/**
 * hold→capture operations per second against the raw single-document `$inc` rate on the same
 * database in the same run. Starts a local FerretDB unless MONGODB_URI is set. Ends with
 *   hold_capture_per_s=<n> raw_inc_per_s=<n> ratio=<n>
 * One hold→capture is two ledger operations, each one inserted commit (docs/ledger.md); the raw
 * rate is one `$inc` on one document.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose, { Types, type mongo } from 'mongoose';
import { systemClock } from '../server/clock';
import { bindModels, syncIndexes } from '../server/db/models';
import { startLocalMongo, type LocalMongo } from '../server/dev/localMongo';
import { defaultPolicy } from '../shared/points';
import { holdCapturer, ledgerReconciler, pointsAdjuster, redemptionHolder } from '../server/ledger';

const duration_ms = Number(process.env.BENCH_SECONDS ?? 15) * 1000;
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 4);

async function main(): Promise<void> {
  let local: LocalMongo | undefined;
  let dataDir: string | undefined;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    dataDir = mkdtempSync(join(tmpdir(), 'passbook-bench-'));
    local = await startLocalMongo({ dataDir, log: (line) => console.log(line) });
    uri = local.uri;
  }
  const connection = await mongoose
    .createConnection(uri, { dbName: `bench_ledger_${Date.now().toString(36)}`, autoIndex: false, monitorCommands: true })
    .asPromise();
  try {
    const models = bindModels(connection);
    await syncIndexes(models);
    const deps = { models, clock: systemClock };

    // Raw: `concurrency` loops each $inc-ing its own document.
    const raw = connection.db!.collection<{ _id: number; n: number }>('bench_raw');
    await raw.insertMany(Array.from({ length: concurrency }, (_, i) => ({ _id: i, n: 0 })));
    const rawCount = await forDuration(duration_ms, async (worker) => {
      await raw.updateOne({ _id: worker }, { $inc: { n: 1 } });
    });
    const raw_inc_per_s = rawCount / (duration_ms / 1000);

    // Ledger: each loop has its own resident (residents redeem independently), hold 10 → capture 10.
    // The bench database gets a policy without a monthly redemption cap (seeded directly: it is
    // configuration) and each resident a large balance, so every iteration is a real pair.
    await models.PointsPolicyVersion.create({
      _id: 1,
      effectiveFrom: defaultPolicy.effectiveFrom,
      policy: { ...defaultPolicy, redemption: { ...defaultPolicy.redemption, monthlyCapPoints: 1e12 } },
      createdAt: new Date(),
      createdBy: 'bench',
    });
    const residents = Array.from({ length: concurrency }, () => new Types.ObjectId());
    for (const residentId of residents) {
      await pointsAdjuster(deps, { adjustmentId: `seed-${String(residentId)}`, residentId, deltaPoints: 1e9, reasonCode: 'correction', note: 'bench', actor: 'bench' });
    }
    let serial = 0;
    const commands = commandProfile(connection);
    const pairCount = await forDuration(duration_ms, async (worker) => {
      const residentId = residents[worker]!;
      const id = `${worker}-${(serial += 1)}`;
      const held = await redemptionHolder(deps, { holdId: id, residentId, points: 10, expiresAt: new Date(Date.now() + 15 * 60_000), checkoutId: id });
      if (held.result !== 'held') throw new Error(`hold: ${JSON.stringify(held)}`);
      const captured = await holdCapturer(deps, { holdId: id, residentId, points: 10 });
      if (captured.result !== 'captured') throw new Error(`capture: ${JSON.stringify(captured)}`);
    });
    commands.stop();
    const hold_capture_per_s = pairCount / (duration_ms / 1000);
    const discrepancies = await ledgerReconciler(deps, { residentIds: residents });
    if (discrepancies.length > 0) throw new Error(`reconciler: ${JSON.stringify(discrepancies.slice(0, 5))}`);
    console.log(`concurrency=${concurrency} duration_s=${duration_ms / 1000} pairs=${pairCount} raw_incs=${rawCount} reconciled=ok`);
    // Where a pair's time goes: one line per command and collection, most expensive first.
    for (const line of commands.report(pairCount)) console.log(line);
    console.log(`hold_capture_per_s=${hold_capture_per_s.toFixed(1)} raw_inc_per_s=${raw_inc_per_s.toFixed(1)} ratio=${(hold_capture_per_s / raw_inc_per_s).toFixed(4)}`);
    await connection.dropDatabase();
  } finally {
    await connection.close();
    await local?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Counts and times the driver's commands by name and collection while the ledger loops run. */
function commandProfile(connection: mongoose.Connection) {
  const client = connection.getClient();
  const inFlight = new Map<number, { key: string; startedAt: bigint }>();
  const totals = new Map<string, { count: number; ms: number }>();
  const onStarted = (event: mongo.CommandStartedEvent) => {
    inFlight.set(event.requestId, { key: `${event.commandName} ${String(event.command[event.commandName])}`, startedAt: process.hrtime.bigint() });
  };
  const onFinished = (event: mongo.CommandSucceededEvent | mongo.CommandFailedEvent) => {
    const started = inFlight.get(event.requestId);
    if (!started) return;
    inFlight.delete(event.requestId);
    const total = totals.get(started.key) ?? { count: 0, ms: 0 };
    total.count += 1;
    total.ms += Number(process.hrtime.bigint() - started.startedAt) / 1e6;
    totals.set(started.key, total);
  };
  client.on('commandStarted', onStarted);
  client.on('commandSucceeded', onFinished);
  client.on('commandFailed', onFinished);
  return {
    stop() {
      client.off('commandStarted', onStarted);
      client.off('commandSucceeded', onFinished);
      client.off('commandFailed', onFinished);
    },
    report(pairs: number): string[] {
      const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms);
      const perPair = rows.reduce((sum, [, t]) => sum + t.count, 0) / Math.max(pairs, 1);
      return [
        `commands_per_pair=${perPair.toFixed(1)}`,
        ...rows.map(([key, t]) => `  ${key.padEnd(32)} ${(t.count / Math.max(pairs, 1)).toFixed(1)}/pair  ${(t.ms / t.count).toFixed(2)} ms each`),
      ];
    },
  };
}

/** Runs `concurrency` loops for a while; counts the calls. */
async function forDuration(ms: number, body: (worker: number) => Promise<unknown>): Promise<number> {
  const end = Date.now() + ms;
  let count = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (Date.now() < end) {
        await body(worker);
        count += 1;
      }
    }),
  );
  return count;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
