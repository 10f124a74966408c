/** Points are whole numbers; shown with thousands separators: 1200 → "1,200". */
export function formatPoints(points: number, options: { signed?: boolean } = {}): string {
  if (!Number.isSafeInteger(points)) {
    throw new TypeError(`points must be a safe integer, got ${String(points)}`);
  }
  const digits = String(Math.abs(points)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (points < 0) return `-${digits}`;
  return options.signed && points > 0 ? `+${digits}` : digits;
}
