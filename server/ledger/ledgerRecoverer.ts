/**
 * Finishes what a crash left half-done. Two scans, each idempotent and safe to run alongside live
 * traffic and other recoverers:
 * 1. wallets with pendingOps: write the stored effect's documents and complete (roll forward);
 * 2. operations still `started` after the grace period: replay them from the journal. The wallet
 *    decides each at most once, so a replay either finds the decision (and finishes it) or makes it —
 *    a started operation never applied is simply carried out (its caller got no answer and a retry
 *    would do the same), which is how "undo" looks in a ledger that never edits.
 */
import type { LedgerDeps } from './deps';
import { executeOperation, finishApplied, type OperationDoc, type WalletSnapshot } from './operation';
import './commands';

export interface RecoveryReport {
  walletsFinished: number;
  operationsReplayed: number;
  failures: Array<{ key: string; error: string }>;
}

export async function ledgerRecoverer(deps: LedgerDeps, options: { olderThanMs?: number; limit?: number } = {}): Promise<RecoveryReport> {
  const report: RecoveryReport = { walletsFinished: 0, operationsReplayed: 0, failures: [] };
  const limit = options.limit ?? 1000;
  const wallets = await deps.models.Wallet.collection.find<WalletSnapshot>({ pendingCount: { $gt: 0 } } as never).limit(limit).toArray();
  for (const wallet of wallets) {
    for (const [ref, effect] of Object.entries(wallet.pendingOps ?? {})) {
      try {
        await finishApplied(deps, wallet, ref, effect);
        report.walletsFinished += 1;
      } catch (err) {
        report.failures.push({ key: effect.opKey, error: String(err) });
      }
    }
  }
  const cutoff = new Date(deps.clock.now().getTime() - (options.olderThanMs ?? 60_000));
  const started = await deps.models.LedgerOperation.collection
    .find<OperationDoc>({ state: 'started', createdAt: { $lte: cutoff } } as never)
    .sort({ createdAt: 1 })
    .limit(limit)
    .toArray();
  for (const op of started) {
    try {
      await executeOperation(deps, op);
      report.operationsReplayed += 1;
    } catch (err) {
      report.failures.push({ key: op._id, error: String(err) });
    }
  }
  if (report.failures.length > 0) deps.logger?.error({ failures: report.failures }, 'ledger recovery left operations unfinished');
  return report;
}
