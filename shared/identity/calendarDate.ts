/**
 * Calendar dates as 'YYYY-MM-DD' text. Birth dates and "today" are days, not instants, so they are
 * kept as text: equal-length ISO dates compare correctly as strings and carry no time zone.
 */

export type CalendarDateParts = { year: number; month: number; day: number };

// Asia/Shanghai has been UTC+8 without daylight saving since 1991, so a fixed offset is exact for
// every "today" we compute and avoids depending on Intl time-zone data in the mini-program runtime.
const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

const CALENDAR_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isValidDateParts({ year, month, day }: CalendarDateParts): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

export function formatCalendarDate({ year, month, day }: CalendarDateParts): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Parses 'YYYY-MM-DD'; null when the text is not a real calendar date (e.g. 2023-02-29). */
export function parseCalendarDate(text: string): CalendarDateParts | null {
  const match = CALENDAR_DATE_PATTERN.exec(text);
  if (!match) return null;
  const parts = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isValidDateParts(parts) ? parts : null;
}

/** The calendar date in China (Asia/Shanghai) at the given instant. */
export function chinaDateOf(instant: Date): string {
  return new Date(instant.getTime() + CHINA_UTC_OFFSET_MS).toISOString().slice(0, 10);
}
