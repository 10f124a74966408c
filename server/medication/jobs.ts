import type { JobRunner } from '../jobs/jobRunner';
import { staleAdherenceRefresher } from './adherence';
import { adherentWeekJudge, folateCourseWatcher } from './courseEvents';
import { doseReminderScheduler } from './doseReminders';

/**
 * Medication jobs (registered from server/jobs/registry.ts). Dose reminders themselves are
 * `reminders.send` jobs, run by the follow-ups' handler.
 */
export function registerMedicationJobs(runner: JobRunner): JobRunner {
  return runner
    .every('medication.scheduleDoseReminders', 60 * 60_000, async ({ deps }) => doseReminderScheduler(deps))
    .every('medication.refreshAdherence', 60 * 60_000, async ({ deps }) => staleAdherenceRefresher(deps))
    .every('medication.watchFolateCourses', 60 * 60_000, async ({ deps }) => folateCourseWatcher(deps))
    .every('medication.judgeAdherentWeeks', 6 * 60 * 60_000, async ({ deps }) => adherentWeekJudge(deps));
}
