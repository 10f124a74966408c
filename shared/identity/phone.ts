/** Mainland China mobile numbers (11 digits, 1[3-9]…), as residents type or paste them. */

export type PhoneFailureReason = 'phone_format_invalid';

export type PhoneResult = { ok: true; value: string } | { ok: false; reason: PhoneFailureReason };

// Second digit 3–9: the number ranges MIIT has issued to mobile operators; 10x/11x/12x are not phones.
const MAINLAND_MOBILE_PATTERN = /^1[3-9]\d{9}$/;

// +86 / 0086 / 86 in front of 11 digits; the bare 86 form only when exactly 11 digits follow, so a
// 13-digit paste from a contact card still works without eating a real number's leading digits.
const COUNTRY_PREFIX_PATTERN = /^(?:\+86|0086|86)(?=\d{11}$)/;

/** Drops whitespace, dashes, parentheses and a country prefix; full-width characters become ASCII. */
export function normalizePhone(raw: string): string {
  const compact = raw.normalize('NFKC').replace(/[\s\-()]/g, '');
  return compact.replace(COUNTRY_PREFIX_PATTERN, '');
}

export function validatePhone(raw: string): PhoneResult {
  const value = normalizePhone(raw);
  return MAINLAND_MOBILE_PATTERN.test(value) ? { ok: true, value } : { ok: false, reason: 'phone_format_invalid' };
}

/**
 * `138****1234`: first 3 (operator) and last 4 kept, the usual display in Chinese apps; with
 * `lastFourOnly` (what a family proxy sees) `*******1234`.
 */
export function maskPhone(raw: string, options: { lastFourOnly?: boolean } = {}): string {
  const value = normalizePhone(raw);
  if (value.length <= 7) return '*'.repeat(value.length);
  const kept = options.lastFourOnly ? '' : value.slice(0, 3);
  return kept + '*'.repeat(value.length - kept.length - 4) + value.slice(-4);
}
