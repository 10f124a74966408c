/**
 * Replays every wallet of the database named by MONGODB_URI / MONGODB_DB from its commits
 * (server/ledger/ledgerReconciler.ts) and prints each discrepancy; exit 1 on any.
 *   MONGODB_URI=mongodb://… MONGODB_DB=passbook npx tsx scripts/reconcile-ledger.ts
 */
import mongoose from 'mongoose';
import { systemClock } from '../server/clock';
import { bindModels } from '../server/db/models';
import { ledgerReconciler } from '../server/ledger';

async function main(): Promise<number> {
  const uri = process.env.MONGODB_URI;
  if (!uri) {
    console.error('MONGODB_URI is required (and MONGODB_DB unless the URI names the database)');
    return 2;
  }
  const connection = await mongoose.createConnection(uri, { dbName: process.env.MONGODB_DB, autoIndex: false }).asPromise();
  try {
    const deps = { models: bindModels(connection), clock: systemClock };
    const wallets = (await deps.models.LedgerCommit.distinct('residentId')).length;
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
