/**
 * Performs ledger operations forever against MONGODB_URI / MONGODB_DB until killed (crash test).
 * argv: <seed> <resident ids, comma-separated>. Keys come from the seed and a counter, and some
 * operations reuse keys of earlier runs (a client retrying after the crash).
 */
import mongoose, { Types } from 'mongoose';
import { bindModels } from '../../../server/db/models';
import { systemClock } from '../../../server/clock';
import { holdCapturer, holdReleaser, pointsAdjuster, pointsIssuer, pointsReverser, redemptionHolder, type LedgerDeps } from '../../../server/ledger';

async function main(): Promise<void> {
  const [seedText, residentsText] = process.argv.slice(2);
  let seed = Number(seedText);
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const residents = (residentsText ?? '').split(',').map((id) => new Types.ObjectId(id));
  const connection = await mongoose.createConnection(process.env.MONGODB_URI ?? '', { dbName: process.env.MONGODB_DB, autoIndex: false }).asPromise();
  const deps: LedgerDeps = { models: bindModels(connection), clock: systemClock };
  const run = Number(seedText);
  for (let i = 0; ; i += 1) {
    const residentId = residents[Math.floor(random() * residents.length)]!;
    // Every 5th operation reuses an earlier run's key: a retry after the crash.
    const tag = i % 5 === 4 && run > 1 ? `${run - 1}-${Math.floor(random() * 40)}` : `${run}-${i}`;
    const holdId = `h-${residentId.toHexString()}-${tag}`;
    const pick = random();
    const ops = [
      () => pointsIssuer(deps, { eventId: `e-${tag}`, eventType: 'screeningBp', residentId, occurredAt: new Date(), contracted: true }),
      () => redemptionHolder(deps, { holdId, residentId, points: 10 + Math.floor(random() * 20), expiresAt: new Date(Date.now() + 600_000), checkoutId: `co-${tag}` }),
      () => holdCapturer(deps, { holdId, points: 10 }),
      () => holdReleaser(deps, { holdId }),
      () => pointsReverser(deps, { reversalId: `rv-${tag}`, holdId, refundFen: 50, paidTotalFen: 100 }),
      () => pointsAdjuster(deps, { adjustmentId: `a-${tag}`, residentId, deltaPoints: random() < 0.5 ? 15 : -5, reasonCode: 'correction', note: 'crash test', actor: 'test' }),
    ];
    // A hold and then its capture or release in a row, so captures and reversals find something.
    await ops[Math.floor(pick * ops.length)]!();
    if (pick < 0.5) {
      await ops[1]!();
      await (random() < 0.7 ? ops[2]! : ops[3]!)();
      if (random() < 0.3) await ops[4]!();
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
