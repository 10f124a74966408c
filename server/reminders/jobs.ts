import type { JobRunner } from '../jobs/jobRunner';
import { slotReconciler } from '../followups/slotReconciler';
import { dueReminderScanner } from './dueReminderScanner';
import { REMINDER_JOB } from './reminderScheduler';
import { reminderJob } from './reminderSender';

/** Follow-up jobs (registered from server/jobs/registry.ts): reminders, the due scan, seat recovery. */
export function registerFollowupJobs(runner: JobRunner): JobRunner {
  return runner
    .register(REMINDER_JOB, reminderJob)
    .every('reminders.scanDue', 60 * 60_000, async ({ deps }) => dueReminderScanner(deps))
    .every('followups.reconcileSlots', 10 * 60_000, async ({ deps }) => slotReconciler(deps));
}
