import type { JobRunner } from '../jobs/jobRunner';
import { holdExpirer, pointsExpirer } from './commands';

/** The ledger's recurring jobs (registered from server/jobs/registry.ts). */
export function registerLedgerJobs(runner: JobRunner): JobRunner {
  return runner
    .every('ledger.expireHolds', 60_000, async ({ deps }) => {
      const { expired, results } = await holdExpirer(deps);
      return { expired, seen: results.length };
    })
    .every('ledger.expirePoints', 60 * 60_000, async ({ deps }) => {
      const { expiredPoints, results } = await pointsExpirer(deps);
      return { expiredPoints, wallets: results.length };
    });
}
