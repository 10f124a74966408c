import { shanghaiDate } from '../../shared/time/shanghai';
import { dayRangeText, dayText, instantDayText, instantText, weekdayText } from '../../shared/vocabulary';

/**
 * Dates on every screen, as shared/vocabulary writes them: Asia/Shanghai whatever the phone's own
 * time zone, "12月5日 09:05", the year only when it is not this year, the weekday where a person
 * plans around it. Invalid input gives '' rather than "NaN".
 */
const today = () => shanghaiDate(new Date());

/** An instant: "12月5日 14:05". */
export function formatDateTime(iso: string | null | undefined): string {
  return instantText(iso, { today: today() });
}

/** The day of an instant: "12月5日". */
export function formatDate(iso: string | null | undefined): string {
  return instantDayText(iso, { today: today() });
}

/** A calendar day `YYYY-MM-DD` (already a Shanghai day): "12月5日", "2027年1月1日". */
export function formatCalendarDay(day: string | null | undefined, options: { weekday?: boolean } = {}): string {
  return dayText(day, { today: today(), ...options });
}

/** "周五" */
export function formatWeekday(day: string | null | undefined): string {
  return weekdayText(day);
}

/** A contract's or report's period: "1月1日至12月31日". */
export function formatDayRange(from: string | null | undefined, to: string | null | undefined): string {
  return dayRangeText(from, to, { today: today() });
}

/** "约 15 分钟" / "约 2 小时" for a wait in seconds, rounded up so nobody comes back too early. */
export function formatWait(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 60) return `约 ${minutes} 分钟`;
  const hours = Math.ceil(minutes / 60);
  return `约 ${hours} 小时`;
}

/** How long ago, for alerts: "12 分钟前", "3 小时前", "2 天前". */
export function formatAgo(iso: string | null | undefined, nowMs: number = Date.now()): string {
  const ms = iso ? new Date(iso).getTime() : Number.NaN;
  if (Number.isNaN(ms)) return '';
  const minutes = Math.max(0, Math.floor((nowMs - ms) / 60_000));
  if (minutes < 1) return '刚刚';
  if (minutes < 60) return `${minutes} 分钟前`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} 小时前`;
  return `${Math.floor(hours / 24)} 天前`;
}
