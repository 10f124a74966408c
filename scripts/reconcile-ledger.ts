/**
 * Checks every wallet of the database named by MONGODB_URI / MONGODB_DB against its entries, lots,
 * holds and journal (server/ledger/ledgerReconciler.ts) and prints each discrepancy; exit 1 on any.
 * `--recover` first finishes operations older than a minute (what the recovery job would do).
 *   MONGODB_URI=mongodb://… MONGODB_DB=passbook npx tsx scripts/reconcile-ledger.ts [--recover]
 */
import mongoose from 'mongoose';
import { systemClock } from '../server/clock';
import { bindModels } from '../server/db/models';
import { ledgerReconciler, ledgerRecoverer } from '../server/ledger';

async function main(): Promise<number> {
  const uri = process.env.MONGODB_URI;
  if (!uri) {
    console.error('MONGODB_URI is required (and MONGODB_DB unless the URI names the database)');
    return 2;
  }
  const connection = await mongoose.createConnection(uri, { dbName: process.env.MONGODB_DB, autoIndex: false }).asPromise();
  try {
    const deps = { models: bindModels(connection), clock: systemClock };
    if (process.argv.includes('--recover')) console.log('recovery:', JSON.stringify(await ledgerRecoverer(deps, { olderThanMs: 60_000 })));
    const wallets = await deps.models.Wallet.countDocuments({});
    const discrepancies = await ledgerReconciler(deps);
    for (const d of discrepancies) console.log(`${d.residentId}\t${d.check}\t${d.detail}`);
    console.log(`${wallets} wallets checked, ${discrepancies.length} discrepancies`);
    return discrepancies.length > 0 ? 1 : 0;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
