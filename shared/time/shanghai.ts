/**
 * Calendar arithmetic in Asia/Shanghai for the programme's days, months, quarters and years.
 *
 * Asia/Shanghai has been a fixed UTC+8 with no daylight saving since 1991, so a fixed offset is
 * exact for every date the programme handles and avoids depending on the runtime's tz database
 * (mini-program JS engines ship uneven Intl support). A test cross-checks it against dayjs/tz.
 *
 * Conventions:
 * - An instant is a `Date` or an ISO-8601 string with a time (`2026-03-31T16:30:00Z`).
 * - A calendar day is a `'YYYY-MM-DD'` string meaning that Shanghai date. Passing a date-only
 *   string where an instant is expected means the start of that Shanghai day (not UTC midnight,
 *   which is what `new Date('2026-03-31')` would give).
 * - Periods are half-open: `startsAt <= t < endsAt`.
 */

export type Instant = Date | string;
/** `'YYYY-MM-DD'`, a date on the Shanghai calendar. */
export type CalendarDay = string;
export type PeriodUnit = 'day' | 'month' | 'quarter' | 'year';

export interface Period {
  key: string;
  startsAt: Date;
  /** Exclusive: the first instant of the next period. */
  endsAt: Date;
}

const offset_ms = 8 * 60 * 60 * 1000;
const day_ms = 24 * 60 * 60 * 1000;
const calendarDayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Ymd {
  year: number;
  month: number; // 1–12
  day: number;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function formatYmd({ year, month, day }: Ymd): CalendarDay {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseCalendarDayParts(day: CalendarDay): Ymd {
  const match = calendarDayPattern.exec(day);
  if (!match) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${day}`);
  const ymd = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (ymd.month < 1 || ymd.month > 12 || ymd.day < 1 || ymd.day > daysInMonth(ymd.year, ymd.month)) {
    throw new RangeError(`not a calendar day (YYYY-MM-DD): ${day}`);
  }
  return ymd;
}

/** Start of a Shanghai calendar date as a UTC instant. */
function startOfYmd({ year, month, day }: Ymd): Date {
  return new Date(Date.UTC(year, month - 1, day) - offset_ms);
}

export function isCalendarDay(value: string): boolean {
  const match = calendarDayPattern.exec(value);
  if (!match) return false;
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(match[1]), month);
}

/** Normalizes an instant; throws on invalid input because that is a programmer error. */
export function toInstant(value: Instant): Date {
  if (typeof value === 'string' && calendarDayPattern.test(value)) {
    return startOfYmd(parseCalendarDayParts(value));
  }
  const date = typeof value === 'string' ? new Date(value) : value;
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new RangeError(`not a valid instant: ${String(value)}`);
  }
  return date;
}

function ymdOf(instant: Instant): Ymd {
  const shifted = new Date(toInstant(instant).getTime() + offset_ms);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** The Shanghai calendar date of an instant, e.g. 2026-03-31T16:30Z → '2026-04-01'. */
export function shanghaiDate(instant: Instant): CalendarDay {
  return formatYmd(ymdOf(instant));
}

export function startOfShanghaiDay(instant: Instant): Date {
  return startOfYmd(ymdOf(instant));
}

export function startOfShanghaiMonth(instant: Instant): Date {
  const { year, month } = ymdOf(instant);
  return startOfYmd({ year, month, day: 1 });
}

export function startOfShanghaiQuarter(instant: Instant): Date {
  const { year, month } = ymdOf(instant);
  return startOfYmd({ year, month: month - ((month - 1) % 3), day: 1 });
}

export function startOfShanghaiYear(instant: Instant): Date {
  return startOfYmd({ year: ymdOf(instant).year, month: 1, day: 1 });
}

/** '2026-11' */
export function shanghaiMonthKey(instant: Instant): string {
  const { year, month } = ymdOf(instant);
  return `${year}-${pad2(month)}`;
}

/** '2026-Q4' */
export function shanghaiQuarterKey(instant: Instant): string {
  const { year, month } = ymdOf(instant);
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

export function shanghaiYear(instant: Instant): number {
  return ymdOf(instant).year;
}

/**
 * Adds calendar months to a Shanghai date, clamping to the month's last day
 * (2027-01-31 + 1 → 2027-02-28; 2028-01-31 + 1 → 2028-02-29). n may be negative.
 */
export function addCalendarMonths(day: CalendarDay, n: number): CalendarDay {
  assertInteger(n, 'months');
  const { year, month, day: dayOfMonth } = parseCalendarDayParts(day);
  const monthIndex = year * 12 + (month - 1) + n;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return formatYmd({
    year: targetYear,
    month: targetMonth,
    day: Math.min(dayOfMonth, daysInMonth(targetYear, targetMonth)),
  });
}

export function addCalendarDays(day: CalendarDay, n: number): CalendarDay {
  assertInteger(n, 'days');
  const start = startOfYmd(parseCalendarDayParts(day));
  return shanghaiDate(new Date(start.getTime() + n * day_ms));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: CalendarDay, to: CalendarDay): number {
  const a = startOfYmd(parseCalendarDayParts(from)).getTime();
  const b = startOfYmd(parseCalendarDayParts(to)).getTime();
  return Math.round((b - a) / day_ms);
}

/**
 * Adds months to an instant keeping its Shanghai wall-clock time, with month-end clamping
 * (2026-01-31T10:00+08:00 + 1 → 2026-02-28T10:00+08:00).
 */
export function addShanghaiMonths(instant: Instant, n: number): Date {
  const date = toInstant(instant);
  const dayStart = startOfShanghaiDay(date);
  const timeOfDay_ms = date.getTime() - dayStart.getTime();
  const target = addCalendarMonths(shanghaiDate(date), n);
  return new Date(startOfYmd(parseCalendarDayParts(target)).getTime() + timeOfDay_ms);
}

/** Whole years of age on `onDay` (a 29 Feb birthday turns over on 1 Mar in common years). */
export function ageInYearsOn(birthDay: CalendarDay, onDay: CalendarDay): number {
  const birth = parseCalendarDayParts(birthDay);
  const on = parseCalendarDayParts(onDay);
  const hadBirthday = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return on.year - birth.year - (hadBirthday ? 0 : 1);
}

/** The Shanghai day/month/quarter/year containing an instant. */
export function periodOf(instant: Instant, unit: PeriodUnit): Period {
  const { year, month } = ymdOf(instant);
  switch (unit) {
    case 'day': {
      const startsAt = startOfShanghaiDay(instant);
      return { key: shanghaiDate(instant), startsAt, endsAt: new Date(startsAt.getTime() + day_ms) };
    }
    case 'month':
      return {
        key: shanghaiMonthKey(instant),
        startsAt: startOfYmd({ year, month, day: 1 }),
        endsAt: startOfYmd(month === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 1, day: 1 }),
      };
    case 'quarter': {
      const firstMonth = month - ((month - 1) % 3);
      return {
        key: shanghaiQuarterKey(instant),
        startsAt: startOfYmd({ year, month: firstMonth, day: 1 }),
        endsAt: startOfYmd(
          firstMonth === 10 ? { year: year + 1, month: 1, day: 1 } : { year, month: firstMonth + 3, day: 1 },
        ),
      };
    }
    case 'year':
      return {
        key: String(year),
        startsAt: startOfYmd({ year, month: 1, day: 1 }),
        endsAt: startOfYmd({ year: year + 1, month: 1, day: 1 }),
      };
  }
}

/** The month period named by a key such as '2026-11'. */
export function monthPeriodOfKey(key: string): Period {
  const match = /^(\d{4})-(\d{2})$/.exec(key);
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12) throw new RangeError(`not a month key (YYYY-MM): ${key}`);
  return periodOf(`${match[1]}-${match[2]}-01`, 'month');
}

export function isWithin(period: Period, instant: Instant): boolean {
  const t = toInstant(instant).getTime();
  return period.startsAt.getTime() <= t && t < period.endsAt.getTime();
}

function assertInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer: ${n}`);
}
