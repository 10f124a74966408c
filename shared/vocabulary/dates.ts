/**
 * How every screen writes a date or a time: the programme's clock (Asia/Shanghai, a fixed UTC+8,
 * see shared/time/shanghai.ts), month and day in Chinese ("12月5日"), the year only when it is not
 * this year ("2025年12月5日"), a 24-hour clock ("09:05"), and the weekday where a person plans
 * around it ("12月5日 周五"). Issue 14 found the same day written as 10月5日 on one screen and
 * 2026-10-05 on another; these functions are the only place a date becomes text.
 *
 * Pure: "this year" comes from the caller's `today` (a Shanghai calendar day), never from a clock.
 * Invalid input gives '' rather than "NaN月NaN日".
 */
import { isCalendarDay, shanghaiDate, type CalendarDay } from '../time/shanghai';

export interface DayTextOptions {
  /** Today in Shanghai (`YYYY-MM-DD`): the year is written only when the day is in another year. */
  today?: CalendarDay;
  /** Add the weekday: "12月5日 周五". */
  weekday?: boolean;
  /** Always write the year (documents that are kept, e.g. a contract's term). */
  withYear?: boolean;
}

const weekdayNames = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const;
const pad2 = (n: number) => String(n).padStart(2, '0');

function instantOf(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "周五" for a Shanghai calendar day. */
export function weekdayText(day: CalendarDay | null | undefined): string {
  if (!day || !isCalendarDay(day)) return '';
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return weekdayNames[new Date(Date.UTC(year, month - 1, date)).getUTCDay()] ?? '';
}

/** A Shanghai calendar day: "12月5日", "2025年12月5日", "12月5日 周五". */
export function dayText(day: CalendarDay | null | undefined, options: DayTextOptions = {}): string {
  if (!day || !isCalendarDay(day)) return '';
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const showYear = options.withYear === true || (options.today !== undefined && options.today.slice(0, 4) !== day.slice(0, 4));
  const text = `${showYear ? `${year}年` : ''}${month}月${date}日`;
  return options.weekday ? `${text} ${weekdayText(day)}` : text;
}

/** The clock time of an instant in Shanghai: "09:05". */
export function timeText(instant: Date | string | null | undefined): string {
  const at = instantOf(instant);
  if (!at) return '';
  const shifted = new Date(at.getTime() + 8 * 3_600_000);
  return `${pad2(shifted.getUTCHours())}:${pad2(shifted.getUTCMinutes())}`;
}

/** The Shanghai day of an instant: "12月5日". */
export function instantDayText(instant: Date | string | null | undefined, options: DayTextOptions = {}): string {
  const at = instantOf(instant);
  return at ? dayText(shanghaiDate(at), options) : '';
}

/** An instant in Shanghai: "12月5日 09:05" (or "2025年12月5日 09:05", "12月5日 周五 09:05"). */
export function instantText(instant: Date | string | null | undefined, options: DayTextOptions = {}): string {
  const at = instantOf(instant);
  return at ? `${dayText(shanghaiDate(at), options)} ${timeText(at)}` : '';
}

/** A period of days: "1月1日至12月31日"; both years are written when the ends are in different years. */
export function dayRangeText(from: CalendarDay | null | undefined, to: CalendarDay | null | undefined, options: Omit<DayTextOptions, 'weekday'> = {}): string {
  if (!from || !to) return '';
  const acrossYears = from.slice(0, 4) !== to.slice(0, 4);
  const each = { ...options, withYear: options.withYear === true || acrossYears };
  const start = dayText(from, each);
  const end = dayText(to, each);
  return start && end ? `${start}至${end}` : '';
}
