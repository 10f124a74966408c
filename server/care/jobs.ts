import type { JobRunner } from '../jobs/jobRunner';
import { CARE_ALERT_JOB, careAlertJob } from './urgentAlerts';
import { WEEKLY_SCAN_EVERY_MS, WEEKLY_SCAN_JOB, WEEKLY_SEND_JOB, weeklySummaryScanner, weeklySummarySendJob } from './weeklySummaries';

/** The family care loop's jobs (registered from server/jobs/registry.ts). */
export function registerCareJobs(runner: JobRunner): JobRunner {
  return runner
    .register(CARE_ALERT_JOB, careAlertJob)
    .register(WEEKLY_SEND_JOB, weeklySummarySendJob)
    .every(WEEKLY_SCAN_JOB, WEEKLY_SCAN_EVERY_MS, async ({ deps }) => weeklySummaryScanner(deps));
}
