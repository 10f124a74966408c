import { holdCapturer, ledgerReconciler, pointsAdjuster, pointsIssuer, redemptionHolder } from '../../../server/ledger';
import { useTestDatabase } from '../../helpers/db';
import { ledgerDepsFor, newResident, walletNumbers } from './ledgerHarness';

const db = useTestDatabase();

test('64 parallel holds against a balance that fits only some: exactly floor(balance / points) succeed', async () => {
  const deps = await ledgerDepsFor(db);
  const r = newResident();
  await pointsAdjuster(deps, { adjustmentId: 'c-seed', residentId: r, deltaPoints: 470, reasonCode: 'correction', note: 'seed', actor: 'test' });
  const expiresAt = new Date(deps.clock.now().getTime() + 15 * 60_000);
  const results = await Promise.all(
    Array.from({ length: 64 }, (_, i) => redemptionHolder(deps, { holdId: `par-${i}`, residentId: r, points: 25, expiresAt, checkoutId: `co-${i}` })),
  );
  const codes = results.map((x) => x.result);
  expect(codes.filter((c) => c === 'held')).toHaveLength(Math.floor(470 / 25));
  expect(codes.filter((c) => c !== 'held').every((c) => c === 'insufficient_available_points')).toBe(true);
  for (const result of results) if (result.result === 'held') expect(result.availablePoints).toBeGreaterThanOrEqual(0);
  expect(await walletNumbers(deps, r)).toEqual({ balance: 470, held: 450, available: 20 });
  expect(await ledgerReconciler(deps, { residentIds: [r] })).toEqual([]);
}, 120_000);

test('the same hold, earn and capture sent 16 times at once take effect once', async () => {
  const deps = await ledgerDepsFor(db);
  const r = newResident();
  const earns = await Promise.all(
    Array.from({ length: 16 }, () => pointsIssuer(deps, { eventId: 'dup-earn', eventType: 'contractSigned', residentId: r, occurredAt: deps.clock.now(), contracted: true })),
  );
  expect(earns.filter((x) => x.result === 'earned')).toHaveLength(1);
  expect(earns.every((x) => x.result === 'earned' || (x.result === 'exists' && (x.original as { result: string }).result === 'earned'))).toBe(true);
  const expiresAt = new Date(deps.clock.now().getTime() + 15 * 60_000);
  const holds = await Promise.all(Array.from({ length: 16 }, () => redemptionHolder(deps, { holdId: 'dup-hold', residentId: r, points: 50, expiresAt, checkoutId: 'co' })));
  expect(holds.filter((x) => x.result === 'held')).toHaveLength(1);
  const captures = await Promise.all(Array.from({ length: 16 }, () => holdCapturer(deps, { holdId: 'dup-hold', points: 40 })));
  expect(captures.filter((x) => x.result === 'captured')).toHaveLength(1);
  expect(await walletNumbers(deps, r)).toEqual({ balance: 160, held: 0, available: 160 });
  expect(await ledgerReconciler(deps, { residentIds: [r] })).toEqual([]);
}, 60_000);
