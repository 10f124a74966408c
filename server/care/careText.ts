/**
 * Times as relatives and residents read them in notices and WeChat messages, in Asia/Shanghai
 * whatever the server's zone: "12月5日 08:10", "12月5日".
 */
const shifted = (at: Date) => new Date(at.getTime() + 8 * 3_600_000);
const pad = (n: number) => String(n).padStart(2, '0');

export function monthDayTimeText(at: Date): string {
  const s = shifted(at);
  return `${s.getUTCMonth() + 1}月${s.getUTCDate()}日 ${pad(s.getUTCHours())}:${pad(s.getUTCMinutes())}`;
}

/** A Shanghai calendar day `YYYY-MM-DD` as "12月5日". */
export function monthDayText(day: string): string {
  const [, month, date] = day.split('-').map(Number);
  return `${month}月${date}日`;
}

/** WeChat's `time` fields: "2026-12-05 08:10" (Shanghai). */
export function wechatTimeValue(at: Date): string {
  return shifted(at).toISOString().slice(0, 16).replace('T', ' ');
}

/** WeChat's `thing` fields take at most 20 characters. */
export function thingValue(text: string): string {
  return text.length > 20 ? `${text.slice(0, 19)}…` : text;
}
