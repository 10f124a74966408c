import type { JobRunner } from '../jobs/jobRunner';
import { refreshReportAggregates } from './aggregates';
import { alertEscalator } from '../panel/alertEscalation';

export const refreshReportsJob = 'reports.refreshAggregates';
export const escalateAlertsJob = 'panel.escalateAlerts';

/** Report aggregates every minute; alert escalation every 5 minutes (registered from server/jobs/registry.ts). */
export function registerReportJobs(runner: JobRunner): JobRunner {
  runner.every(refreshReportsJob, 60_000, async ({ deps }) => refreshReportAggregates(deps));
  return runner.every(escalateAlertsJob, 5 * 60_000, async ({ deps }) => alertEscalator(deps));
}
