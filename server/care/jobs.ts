import type { JobRunner } from '../jobs/jobRunner';
import { CARE_ALERT_JOB, careAlertJob } from './urgentAlerts';

/** The family care loop's jobs (registered from server/jobs/registry.ts). */
export function registerCareJobs(runner: JobRunner): JobRunner {
  return runner.register(CARE_ALERT_JOB, careAlertJob);
}
