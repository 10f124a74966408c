import type { JobRunner } from '../jobs/jobRunner';
import { holdExpirer, pointsExpirer } from './commands';
import { ledgerRecoverer } from './ledgerRecoverer';

/** The ledger's recurring jobs (registered from server/jobs/registry.ts). */
export function registerLedgerJobs(runner: JobRunner): JobRunner {
  return runner
    .every('ledger.expireHolds', 60_000, async ({ deps }) => {
      const { expired, results } = await holdExpirer(deps);
      return { expired, seen: results.length };
    })
    .every('ledger.expirePoints', 60 * 60_000, async ({ deps }) => {
      const { expiredPoints, results } = await pointsExpirer(deps);
      return { expiredPoints, lots: results.length };
    })
    .every('ledger.recover', 60_000, async ({ deps }) => {
      const report = await ledgerRecoverer(deps, { olderThanMs: 60_000 });
      return { walletsFinished: report.walletsFinished, operationsReplayed: report.operationsReplayed, failures: report.failures.length };
    });
}
