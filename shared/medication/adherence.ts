/**
 * Adherence as a proportion of days covered (PDC): of the days on which a plan scheduled doses,
 * the share on which every scheduled dose was marked taken. PDC is the Pharmacy Quality
 * Alliance's adherence measure, where ≥ 80 % counts as adherent [BK]; pharmacies compute it from
 * dispensed days' supply, the passbook from the doses the resident (or a family member) confirmed
 * — a skipped or unconfirmed dose leaves the day uncovered.
 *
 * - The window is the last 30 or 90 Shanghai days up to today, counted from the day the app first
 *   knew of each plan (`trackedFrom`): we cannot know about doses before that.
 * - Today is still open: it counts once all its doses are taken, and never against the resident
 *   before the day is over.
 * - Percent is rounded down to a whole number; `level` is 'good' at ≥ 80 %, 'poor' below, and
 *   'unknown' with no day to judge (no plan with a daily schedule in the window).
 * - An adherent week (for the points policy's optional adherence rule) is a Monday-to-Sunday week,
 *   over, on every one of whose 7 days doses were scheduled and all taken.
 */
import { addCalendarDays, calendarDaysBetween, type CalendarDay } from '../time/shanghai';
import { daysBetween, doseKey, scheduledDoses, type PlanFacts } from './schedule';

export const ADHERENT_PDC_PERCENT = 80;
export const ADHERENCE_WINDOWS_DAYS = [30, 90] as const;

export interface DoseDecision {
  planId: string;
  day: CalendarDay;
  time: string;
  status: 'taken' | 'skipped';
}

export type AdherenceLevel = 'good' | 'poor' | 'unknown';

export interface Adherence {
  windowDays: number;
  /** Days in the window with at least one scheduled dose (today only once covered). */
  daysWithDoses: number;
  daysCovered: number;
  percent: number | null;
  level: AdherenceLevel;
}

function takenKeys(doses: readonly DoseDecision[]): Set<string> {
  return new Set(doses.filter((d) => d.status === 'taken').map((d) => doseKey(d)));
}

/** Whether every dose scheduled on a day was taken; null when none was scheduled. */
function dayCovered(plans: readonly PlanFacts[], day: CalendarDay, taken: ReadonlySet<string>): boolean | null {
  const due = scheduledDoses(
    plans.filter((p) => p.trackedFrom <= day),
    day,
  );
  if (due.length === 0) return null;
  return due.every((dose) => taken.has(doseKey(dose)));
}

export function adherenceOf(input: { plans: readonly PlanFacts[]; doses: readonly DoseDecision[]; today: CalendarDay; windowDays: number }): Adherence {
  const { plans, today, windowDays } = input;
  const taken = takenKeys(input.doses);
  let daysWithDoses = 0;
  let daysCovered = 0;
  for (const day of daysBetween(addCalendarDays(today, 1 - windowDays), today)) {
    const covered = dayCovered(plans, day, taken);
    if (covered === null || (day === today && !covered)) continue;
    daysWithDoses += 1;
    if (covered) daysCovered += 1;
  }
  const percent = daysWithDoses === 0 ? null : Math.floor((daysCovered * 100) / daysWithDoses);
  return { windowDays, daysWithDoses, daysCovered, percent, level: percent === null ? 'unknown' : percent >= ADHERENT_PDC_PERCENT ? 'good' : 'poor' };
}

/** The Monday starting the Shanghai week of a day (2026-03-11, a Wednesday → 2026-03-09). */
export function weekStartOf(day: CalendarDay): CalendarDay {
  // 1970-01-05 was a Monday.
  const sinceMonday = ((calendarDaysBetween('1970-01-05', day) % 7) + 7) % 7;
  return addCalendarDays(day, -sinceMonday);
}

/** Whether the week starting `weekStart` (a Monday) is over and was fully adherent. */
export function isAdherentWeek(input: { plans: readonly PlanFacts[]; doses: readonly DoseDecision[]; weekStart: CalendarDay; today: CalendarDay }): boolean {
  const lastDay = addCalendarDays(input.weekStart, 6);
  if (lastDay >= input.today) return false;
  const taken = takenKeys(input.doses);
  return daysBetween(input.weekStart, lastDay).every((day) => dayCovered(input.plans, day, taken) === true);
}
