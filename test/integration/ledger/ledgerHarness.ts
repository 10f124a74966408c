import { Types } from 'mongoose';
import { ManualClock } from '../../../server/clock';
import { bindModels, syncIndexes } from '../../../server/db/models';
import type { LedgerDeps } from '../../../server/ledger';
import type { TestDatabase } from '../../helpers/db';
import { walletBalances } from '../../helpers/ledger';

/** Ledger deps on the file's real test database, with a manual clock. */
export async function ledgerDepsFor(db: TestDatabase, start = new Date('2026-03-10T02:00:00Z')): Promise<LedgerDeps & { clock: ManualClock }> {
  const models = bindModels(db.connection);
  await syncIndexes(models);
  return { models, clock: new ManualClock(start) };
}

export const newResident = () => new Types.ObjectId();

export async function walletNumbers(deps: LedgerDeps, residentId: Types.ObjectId) {
  const { balancePoints: balance, heldPoints: held } = await walletBalances(deps, residentId);
  return { balance, held, available: balance - held };
}
