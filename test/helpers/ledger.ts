import { Types } from 'mongoose';
import { loadHead, statementLines, type CommitDoc, type LedgerDeps } from '../../server/ledger';

/** The wallet's balance and held points as stored now. */
export async function walletBalances(deps: LedgerDeps, residentId: Types.ObjectId | string) {
  const { state } = await loadHead(deps, new Types.ObjectId(String(residentId)));
  return { balancePoints: state.balancePoints, heldPoints: state.heldPoints };
}

/** Every ledger line of a wallet (or of a hold), oldest first, with its commit's key, seq and time. */
export async function ledgerLines(deps: LedgerDeps, filter: { residentId?: Types.ObjectId | string; holdId?: string }) {
  const query: Record<string, unknown> = {};
  if (filter.residentId) query.residentId = new Types.ObjectId(String(filter.residentId));
  if (filter.holdId) query.holdId = filter.holdId;
  const commits = await deps.models.LedgerCommit.collection.find<CommitDoc>(query as never).sort({ residentId: 1, seq: 1 }).toArray();
  return commits.flatMap(statementLines).map(({ commit, entry, balanceAfterPoints }) => ({ ...entry, opKey: commit._id, seq: commit.seq, at: commit.at, balanceAfterPoints }));
}
