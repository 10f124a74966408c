/**
 * 抵扣, the cashier's new-checkout step: the yuan-text → integer fen parser of the keypad, the bill's
 * consistency check and the typed or scanned redemption code. Pure: no Taro imports, unit-tested.
 * Money stays integer fen here; only `<Price amountFen>` turns it into text.
 */
/** Largest bill the till accepts (the service's `fen` schema allows up to ¥1,000,000.00). */
export const billFenMax = 100_000_000;

export type YuanParse = { ok: true; fen: number } | { ok: false; message: string };

/**
 * "12" → 1200, "12.3" → 1230, "12.34" → 1234, "0.05" → 5, "12." → 1200. Parsed as a string (whole part
 * × 100 + the fraction padded to two digits), never through a float, so nothing is ever rounded.
 * Refuses a third decimal, signs, letters and amounts over `billFenMax`.
 */
export function parseYuanToFen(text: string): YuanParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: '请输入金额' };
  const match = /^(\d{1,7})(?:\.(\d{0,2}))?$/.exec(trimmed);
  if (!match) {
    if (/^\d+\.\d{3,}$/.test(trimmed)) return { ok: false, message: '金额最多两位小数（到分）' };
    if (/^\d{8,}(\.\d*)?$/.test(trimmed)) return { ok: false, message: '金额太大，请核对' };
    return { ok: false, message: '请输入正确的金额，如 12.50' };
  }
  const whole = Number.parseInt(match[1] ?? '0', 10);
  const fraction = Number.parseInt((match[2] ?? '').padEnd(2, '0'), 10);
  const fen = whole * 100 + fraction;
  if (fen > billFenMax) return { ok: false, message: '金额太大，请核对' };
  return { ok: true, fen };
}

/** What one keypad key does to the amount text: at most 7 yuan digits and 2 decimals, no leading zeros. */
export function applyYuanKey(text: string, key: string): string {
  if (key === 'backspace') return text.slice(0, -1);
  if (key === 'clear') return '';
  if (key === '.') {
    if (text.includes('.')) return text;
    return text === '' ? '0.' : `${text}.`;
  }
  if (!/^[0-9]$/.test(key)) return text;
  const [whole = '', fraction] = text.split('.');
  if (fraction !== undefined) return fraction.length >= 2 ? text : text + key;
  if (whole === '0') return key;
  return whole.length >= 7 ? text : text + key;
}

export interface BillDraft {
  totalText: string;
  selfPaidText: string;
  eligibleText: string;
}

export type BillField = keyof BillDraft;

export interface BillCheck {
  /** Per field: the message to show under it, or null. */
  errors: Record<BillField, string | null>;
  bill: { totalFen: number; selfPaidFen: number; eligibleSelfPaidFen: number } | null;
}

/** The three amounts of a bill, each parsed, and the service's own consistency rule (eligible ≤ self-paid ≤ total). */
export function checkBill(draft: BillDraft): BillCheck {
  const total = parseYuanToFen(draft.totalText);
  const selfPaid = parseYuanToFen(draft.selfPaidText);
  const eligible = parseYuanToFen(draft.eligibleText);
  const errors: Record<BillField, string | null> = {
    totalText: total.ok ? null : total.message,
    selfPaidText: selfPaid.ok ? null : selfPaid.message,
    eligibleText: eligible.ok ? null : eligible.message,
  };
  if (!total.ok || !selfPaid.ok || !eligible.ok) return { errors, bill: null };
  if (total.fen === 0) errors.totalText = '总金额不能为 0';
  if (selfPaid.fen > total.fen) errors.selfPaidText = '个人自付不能超过总金额';
  if (eligible.fen > selfPaid.fen) errors.eligibleText = '可抵扣部分不能超过个人自付';
  if (Object.values(errors).some(Boolean)) return { errors, bill: null };
  return { errors, bill: { totalFen: total.fen, selfPaidFen: selfPaid.fen, eligibleSelfPaidFen: eligible.fen } };
}

/** The digits a cashier typed or scanned: spaces and dashes dropped, the QR prefix `RHP1:` kept for the service. */
export function normalizeRedemptionCode(raw: string): string {
  const trimmed = raw.trim();
  if (/^RHP1:/i.test(trimmed)) return `RHP1:${trimmed.slice(5).replace(/[\s-]/g, '')}`;
  return trimmed.replace(/[\s-]/g, '');
}

/** 18 digits (or a scanned `RHP1:` payload); anything else is a typo caught before asking the service. */
export function redemptionCodeProblem(code: string): string | null {
  const digits = code.replace(/^RHP1:/i, '');
  if (digits === '') return '请输入居民手机上的 18 位数字';
  if (!/^\d+$/.test(digits)) return '抵扣码只有数字，请核对';
  if (digits.length !== 18) return `抵扣码是 18 位数字，您输入了 ${digits.length} 位`;
  return null;
}
