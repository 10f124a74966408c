/**
 * The two plan kinds with a calendar of their own:
 *
 * - The 5-methylfolate course for hyperhomocysteinaemia: 3 months, then an Hcy re-check
 *   (docs/clinical-rules.md §4, [P]); the due engine lists the re-check from the course start
 *   (shared/followup/dueEngine.ts, FOLATE_RECHECK_AFTER_MONTHS). A course with no end date ends
 *   the day before the re-check is due. The re-check is the first Hcy test taken from 14 days
 *   before it is due (a test early in the course measures the course, not its result) — our rule.
 * - 长期处方 (long prescriptions) for stable chronic patients: dispensed for up to 12 weeks at a
 *   time (《长期处方管理规范（试行）》, 国家卫生健康委 2021 [BK]); a refill is due on the day the
 *   supply dispensed last runs out.
 */
import { addCalendarDays, addCalendarMonths, type CalendarDay } from '../time/shanghai';
import { FOLATE_RECHECK_AFTER_MONTHS } from '../followup/dueEngine';

export const FOLATE_RECHECK_EARLIEST_DAYS_BEFORE_DUE = 14;
export const LONG_PRESCRIPTION_MAX_DAYS = 84;

export function folateRecheckDueOn(startedOn: CalendarDay): CalendarDay {
  return addCalendarMonths(startedOn, FOLATE_RECHECK_AFTER_MONTHS);
}

/** The last day of a course: as prescribed, else the day before its re-check is due. */
export function folateCourseEndsOn(startedOn: CalendarDay, endedOn: CalendarDay | null): CalendarDay {
  return endedOn ?? addCalendarDays(folateRecheckDueOn(startedOn), -1);
}

/** The day of the test that re-checked a course, if any: the first Hcy test in its window. */
export function folateRecheckOn(startedOn: CalendarDay, hcyTestDays: readonly CalendarDay[]): CalendarDay | undefined {
  const from = addCalendarDays(folateRecheckDueOn(startedOn), -FOLATE_RECHECK_EARLIEST_DAYS_BEFORE_DUE);
  return [...hcyTestDays].sort().find((day) => day >= from);
}

export interface LongPrescription {
  daysSupply: number;
  lastDispensedOn: CalendarDay;
}

/** The day the supply runs out, when the next dispensing is due. */
export function refillDueOn(prescription: LongPrescription): CalendarDay {
  return addCalendarDays(prescription.lastDispensedOn, prescription.daysSupply);
}
