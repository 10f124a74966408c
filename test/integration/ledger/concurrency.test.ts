import mongoose from 'mongoose';
import { bindModels } from '../../../server/db/models';
import { holdCapturer, ledgerReconciler, pointsAdjuster, pointsIssuer, redemptionHolder, type LedgerDeps } from '../../../server/ledger';
import { testMongoUri, useTestDatabase } from '../../helpers/db';
import { ledgerDepsFor, newResident, walletNumbers } from './ledgerHarness';

const db = useTestDatabase();

/**
 * Service instances as separate connections: each has its own cache of wallet heads and its own
 * per-wallet queue, so only the database's unique (residentId, seq) keeps them from double-spending.
 */
async function instances(deps: LedgerDeps, count: number): Promise<{ all: LedgerDeps[]; close: () => Promise<void> }> {
  const connections = await Promise.all(Array.from({ length: count }, () => mongoose.createConnection(testMongoUri(), { dbName: db.name, autoIndex: false }).asPromise()));
  return {
    all: connections.map((connection) => ({ models: bindModels(connection), clock: deps.clock })),
    close: async () => {
      await Promise.all(connections.map((connection) => connection.close()));
    },
  };
}

test.each([
  ['one instance', 1],
  ['four instances', 4],
])('64 parallel holds from %s against a balance that fits only some: exactly floor(balance / points) succeed', async (_label, count) => {
  const deps = await ledgerDepsFor(db);
  const fleet = await instances(deps, count);
  try {
    const r = newResident();
    await pointsAdjuster(deps, { adjustmentId: `c-seed-${count}`, residentId: r, deltaPoints: 470, reasonCode: 'correction', note: 'seed', actor: 'test' });
    const expiresAt = new Date(deps.clock.now().getTime() + 15 * 60_000);
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) => redemptionHolder(fleet.all[i % count]!, { holdId: `par-${count}-${i}`, residentId: r, points: 25, expiresAt, checkoutId: `co-${i}` })),
    );
    const codes = results.map((x) => x.result);
    expect(codes.filter((c) => c === 'held')).toHaveLength(Math.floor(470 / 25));
    expect(codes.filter((c) => c !== 'held').every((c) => c === 'insufficient_available_points')).toBe(true);
    for (const result of results) if (result.result === 'held') expect(result.availablePoints).toBeGreaterThanOrEqual(0);
    expect(await walletNumbers(deps, r)).toEqual({ balance: 470, held: 450, available: 20 });
    expect(await ledgerReconciler(deps, { residentIds: [r] })).toEqual([]);
  } finally {
    await fleet.close();
  }
}, 120_000);

test('the same hold, earn and capture sent 16 times at once from four instances take effect once', async () => {
  const deps = await ledgerDepsFor(db);
  const fleet = await instances(deps, 4);
  try {
    const from = (i: number) => fleet.all[i % 4]!;
    const r = newResident();
    const earns = await Promise.all(
      Array.from({ length: 16 }, (_, i) => pointsIssuer(from(i), { eventId: 'dup-earn', eventType: 'contractSigned', residentId: r, occurredAt: deps.clock.now(), contracted: true })),
    );
    expect(earns.filter((x) => x.result === 'earned')).toHaveLength(1);
    expect(earns.every((x) => x.result === 'earned' || (x.result === 'exists' && (x.original as { result: string }).result === 'earned'))).toBe(true);
    const expiresAt = new Date(deps.clock.now().getTime() + 15 * 60_000);
    const holds = await Promise.all(Array.from({ length: 16 }, (_, i) => redemptionHolder(from(i), { holdId: 'dup-hold', residentId: r, points: 50, expiresAt, checkoutId: 'co' })));
    expect(holds.filter((x) => x.result === 'held')).toHaveLength(1);
    const captures = await Promise.all(Array.from({ length: 16 }, (_, i) => holdCapturer(from(i), { holdId: 'dup-hold', points: 40 })));
    expect(captures.filter((x) => x.result === 'captured')).toHaveLength(1);
    expect(await walletNumbers(deps, r)).toEqual({ balance: 160, held: 0, available: 160 });
    expect(await ledgerReconciler(deps, { residentIds: [r] })).toEqual([]);
  } finally {
    await fleet.close();
  }
}, 60_000);
