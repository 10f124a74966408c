/**
 * Money is integer fen everywhere; this is the one place it becomes text. Integer math only:
 * yuan = ⌊|fen| / 100⌋, fen part = |fen| mod 100, so no float ever rounds a cent away.
 */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatFen(amountFen: number): string {
  if (!Number.isSafeInteger(amountFen)) {
    // A float or NaN here is a programming error upstream (money must stay in integer fen).
    throw new TypeError(`amountFen must be a safe integer, got ${String(amountFen)}`);
  }
  const negative = amountFen < 0;
  const absoluteFen = Math.abs(amountFen);
  const yuan = Math.floor(absoluteFen / 100);
  const fen = absoluteFen % 100;
  const text = `¥${groupThousands(String(yuan))}.${String(fen).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}
