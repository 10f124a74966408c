import { purgeExpiredRateLimitCounters } from '../http/rateLimit';
import { purgeExpiredNonces } from '../integration/signature';
import { registerCareJobs } from '../care/jobs';
import { registerCheckoutJobs } from '../checkout/jobs';
import { registerComanagementJobs } from '../comanagement/jobs';
import { registerLedgerJobs } from '../ledger/jobs';
import { registerMedicationJobs } from '../medication/jobs';
import { registerPassbookJobs } from '../passbook/jobs';
import { registerQuarterlyAtTargetJobs } from '../passbook/quarterlyAtTargetJobs';
import { registerFollowupJobs } from '../reminders/jobs';
import { registerReportJobs } from '../reports/jobs';
import { purgeFinishedJobs } from './jobQueue';
import type { JobRunner } from './jobRunner';

/** Every background job of the service, in one place. */
export function registerJobs(runner: JobRunner): JobRunner {
  registerLedgerJobs(runner);
  registerPassbookJobs(runner);
  registerQuarterlyAtTargetJobs(runner);
  registerCheckoutJobs(runner);
  registerFollowupJobs(runner);
  registerReportJobs(runner);
  registerMedicationJobs(runner);
  registerComanagementJobs(runner);
  registerCareJobs(runner);
  runner.every('housekeeping.purgeJobs', 10 * 60_000, async ({ deps }) => ({ deleted: await purgeFinishedJobs(deps.models, deps.clock.now()) }));
  runner.every('housekeeping.purgeIntegrationNonces', 10 * 60_000, async ({ deps }) => ({ deleted: await purgeExpiredNonces(deps) }));
  return runner.every('housekeeping.purgeRateLimitWindows', 5 * 60_000, async ({ deps }) => ({
    deleted: await purgeExpiredRateLimitCounters(deps.models),
  }));
}
