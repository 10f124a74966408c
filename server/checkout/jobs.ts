import type { JobRunner } from '../jobs/jobRunner';
import { settlementPeriodCloser } from '../settlement/statements';
import { checkoutSweeper } from './checkoutSweeper';

/** Checkout and settlement jobs (registered from server/jobs/registry.ts). */
export function registerCheckoutJobs(runner: JobRunner): JobRunner {
  return runner
    .every('checkout.sweep', 15_000, async ({ deps }) => {
      const report = await checkoutSweeper(deps);
      return { ...report, errors: report.errors.length };
    })
    .every('settlement.closePeriods', 60 * 60_000, async ({ deps }) => settlementPeriodCloser(deps));
}
