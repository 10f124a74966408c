import { z } from 'zod';
import { alertView } from './alerts';
import { calendarDay, instant, objectId } from './formats';
import { followUpView } from './followups';
import { residentProfile } from './identity';
import { contractView, labResultView } from './records';

/**
 * The doctor's screen of one resident of their team, as `GET /api/staff/residents/:id` answers it
 * (server/panel/residentSummary.ts) and the mini-program's doctor screen parses it.
 */

/** A due item as the summary lists it. */
export const summaryDueItemView = z.object({ key: z.string(), kind: z.string(), kindLabel: z.string(), dueBy: calendarDay(), status: z.string(), reason: z.string(), referralFlag: z.boolean() });
export type SummaryDueItemDto = z.infer<typeof summaryDueItemView>;

export const summaryReadingView = z.object({
  measure: z.string(),
  readingId: objectId,
  measuredAt: instant,
  values: z.record(z.string(), z.number()),
  grade: z.string().nullable(),
  atTarget: z.boolean().nullable(),
  urgent: z.boolean(),
  source: z.string(),
});
export type SummaryReadingDto = z.infer<typeof summaryReadingView>;

export const residentSummaryView = z.object({
  resident: residentProfile,
  conditions: z.array(z.string()),
  hTypeHypertension: z.boolean(),
  targets: z.object({ bp: z.record(z.string(), z.unknown()), glucose: z.record(z.string(), z.unknown()), lipids: z.record(z.string(), z.unknown()), hcy: z.record(z.string(), z.unknown()) }),
  contract: contractView.nullable(),
  due: z.array(summaryDueItemView),
  lastReadings: z.array(summaryReadingView),
  lastLabResults: z.array(labResultView),
  openAlerts: z.array(alertView),
  // The follow-ups as the resident's history presents them, less the advice, medication change and referral.
  lastFollowUps: z.array(
    followUpView.pick({
      followUpId: true,
      visitedOn: true,
      form: true,
      mode: true,
      outcome: true,
      classification: true,
      classificationDerived: true,
      classificationLabel: true,
      systolicMmHg: true,
      diastolicMmHg: true,
      nextVisitOn: true,
      doctorName: true,
    }),
  ),
});
export type ResidentSummaryDto = z.infer<typeof residentSummaryView>;
