/**
 * WeChat message field values for care notices (the words and dates people read come from
 * shared/vocabulary, like every screen's).
 */
const shifted = (at: Date) => new Date(at.getTime() + 8 * 3_600_000);

/** WeChat's `time` fields: "2026-12-05 08:10" (Shanghai). */
export function wechatTimeValue(at: Date): string {
  return shifted(at).toISOString().slice(0, 16).replace('T', ' ');
}

/** WeChat's `thing` fields take at most 20 characters. */
export function thingValue(text: string): string {
  return text.length > 20 ? `${text.slice(0, 19)}…` : text;
}
