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
