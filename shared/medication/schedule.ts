/**
 * A medication plan's daily schedule: which doses (times of day) fall on a Shanghai calendar day,
 * under the plan version in force that day. Pure; the service and the mini-program agree on it.
 *
 * Versions: a change to a plan is a new version, effective from the Shanghai day it was recorded
 * (the first version from the plan's start). The schedule of a day is that of the latest version
 * effective on or before it, so a change made this morning shows in 今天要吃的药 at once, and
 * earlier days keep the schedule they had. A version that is stopped, or a day outside
 * [startedOn, endedOn], has no doses.
 *
 * Plans pushed by a clinic system often give only "每日 N 次": the times then default to the
 * table below (mornings and evenings as home BP measurement is timed, docs/clinical-rules.md §1.2);
 * other frequencies (every other day, 5+ times) have no daily reminders and read "按医嘱服用".
 */
import { addCalendarDays, calendarDaysBetween, toInstant, type CalendarDay } from '../time/shanghai';

export type PlanStatus = 'active' | 'stopped';

export interface PlanVersionFacts {
  version: number;
  effectiveFrom: CalendarDay;
  status: PlanStatus;
  startedOn: CalendarDay;
  endedOn: CalendarDay | null;
  /** 'HH:MM', ascending, unique. */
  timesOfDay: readonly string[];
}

export interface PlanFacts {
  planId: string;
  /** Ascending by version. */
  versions: readonly PlanVersionFacts[];
  /** The first day the app knew of the plan: days before it say nothing about adherence. */
  trackedFrom: CalendarDay;
}

export const MAX_DOSES_PER_DAY = 6;
/** 'HH:MM', 00:00–23:59. */
export const timeOfDayPattern = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isTimeOfDay(value: string): boolean {
  return timeOfDayPattern.test(value);
}

/** Sorted, unique 'HH:MM' times, or null when one is malformed or there are too many. */
export function normalizeTimesOfDay(times: readonly string[]): string[] | null {
  if (!times.every(isTimeOfDay)) return null;
  const unique = [...new Set(times)].sort();
  return unique.length <= MAX_DOSES_PER_DAY ? unique : null;
}

const defaultTimes: Record<number, readonly string[]> = {
  1: ['08:00'],
  2: ['08:00', '20:00'],
  3: ['08:00', '12:00', '18:00'],
  4: ['08:00', '12:00', '18:00', '21:00'],
};

/** The reminder times of "每日 N 次" when the prescriber gave no times; [] when there is no daily rhythm. */
export function defaultTimesOfDay(timesPerDay: number | null | undefined): string[] {
  return timesPerDay === null || timesPerDay === undefined ? [] : [...(defaultTimes[timesPerDay] ?? [])];
}

/** The version in force on a day: the latest effective on or before it. */
export function versionOn(plan: Pick<PlanFacts, 'versions'>, day: CalendarDay): PlanVersionFacts | null {
  let found: PlanVersionFacts | null = null;
  for (const v of plan.versions) if (v.effectiveFrom <= day && (!found || v.version > found.version)) found = v;
  return found;
}

/** The times of the doses due on a day (empty when stopped, not started, ended or no version yet). */
export function dosesOn(plan: Pick<PlanFacts, 'versions'>, day: CalendarDay): readonly string[] {
  const v = versionOn(plan, day);
  if (!v || v.status !== 'active' || day < v.startedOn || (v.endedOn !== null && day > v.endedOn)) return [];
  return v.timesOfDay;
}

export interface ScheduledDose {
  planId: string;
  day: CalendarDay;
  time: string;
}

/** Every dose of every plan on a day, in time order. */
export function scheduledDoses(plans: readonly PlanFacts[], day: CalendarDay): ScheduledDose[] {
  return plans
    .flatMap((plan) => dosesOn(plan, day).map((time) => ({ planId: plan.planId, day, time })))
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.planId < b.planId ? -1 : 1));
}

/** The instant of a dose: its Shanghai wall time on its day. */
export function doseInstant(day: CalendarDay, time: string): Date {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return new Date(toInstant(day).getTime() + (h * 60 + m) * 60_000);
}

/** One key per dose, shared by the dose log, its reminder and the app's buttons. */
export function doseKey(dose: ScheduledDose): string {
  return `${dose.planId}:${dose.day}:${dose.time}`;
}

/** The days from `from` to `to` inclusive (empty when `to` is earlier). */
export function daysBetween(from: CalendarDay, to: CalendarDay): CalendarDay[] {
  const count = calendarDaysBetween(from, to);
  return Array.from({ length: Math.max(0, count + 1) }, (_, i) => addCalendarDays(from, i));
}

/** Whether a wall-clock time falls in quiet hours [from, to), which may wrap midnight (22:00–07:00). */
export function isWithinQuietHours(time: string, quiet: { from: string; to: string }): boolean {
  if (quiet.from === quiet.to) return false;
  return quiet.from < quiet.to ? time >= quiet.from && time < quiet.to : time >= quiet.from || time < quiet.to;
}
