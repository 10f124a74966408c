/**
 * Dates as elderly users read them: "2026年3月5日 14:05". Pure; uses the phone's local time zone
 * (China for our users). Invalid input gives an empty string rather than "NaN".
 */
const pad = (value: number) => String(value).padStart(2, '0');

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日 ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日`;
}

/** "约 15 分钟" / "约 2 小时" for a wait in seconds, rounded up so nobody comes back too early. */
export function formatWait(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 60) return `约 ${minutes} 分钟`;
  const hours = Math.ceil(minutes / 60);
  return `约 ${hours} 小时`;
}

/**
 * An instant as a clock in Shanghai reads it, whatever the phone's own time zone (staff screens,
 * where a doctor on a laptop abroad or a misconfigured till must still see programme time).
 */
function shanghaiParts(iso: string | null | undefined): { y: number; m: number; d: number; hh: number; mm: number } | null {
  if (!iso) return null;
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) return null;
  const shifted = new Date(ms + 8 * 3_600_000);
  return { y: shifted.getUTCFullYear(), m: shifted.getUTCMonth() + 1, d: shifted.getUTCDate(), hh: shifted.getUTCHours(), mm: shifted.getUTCMinutes() };
}

/** "2026年3月5日 14:05" in Asia/Shanghai. */
export function formatShanghaiDateTime(iso: string | null | undefined): string {
  const p = shanghaiParts(iso);
  return p ? `${p.y}年${p.m}月${p.d}日 ${pad(p.hh)}:${pad(p.mm)}` : '';
}

/** A calendar day `YYYY-MM-DD` (already a Shanghai day) as "2026年3月5日". */
export function formatCalendarDay(day: string | null | undefined): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  return match ? `${Number(match[1])}年${Number(match[2])}月${Number(match[3])}日` : '';
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
