/**
 * A person's name as written on the ID card: Chinese characters, with '·' between the parts of many
 * minority and transliterated names (阿卜杜拉·买买提), or a Latin-script name in letters and spaces.
 */

export type PersonNameFailureReason = 'person_name_format_invalid' | 'person_name_length_invalid';

export type PersonNameResult = { ok: true; value: string } | { ok: false; reason: PersonNameFailureReason };

/** Lengths in characters (code points), so a rare character outside the BMP counts once [P]. */
export const PERSON_NAME_LENGTH_LIMITS = {
  chinese: { min: 2, max: 20 }, // brief [P]
  latin: { min: 2, max: 50 }, // [P] room for given + family names in full
} as const;

/** The middle dot the ID card uses (U+00B7). */
export const NAME_SEPARATOR_DOT = '·';

// Look-alike dots that keyboards produce for the same separator: bullet, katakana middle dot and its
// half-width form, hyphenation point, bullet operator, dot operator, full stop-like 'ㆍ'.
const LOOKALIKE_DOTS_PATTERN = /[\u2022\u30fb\uff65\u2027\u2219\u22c5\u318d]/g;

// Han ideographs: Extension A, the basic block, compatibility ideographs and Extensions B–H (生僻字
// in names often live outside the basic block). One or more separated by single dots.
const HAN = '[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3134f}]';
const CHINESE_NAME_PATTERN = new RegExp(`^${HAN}+(?:·${HAN}+)*$`, 'u');
const LATIN_NAME_PATTERN = /^[A-Za-z]+(?: [A-Za-z]+)*$/;

/**
 * Trims and applies NFC. Chinese names never contain spaces, so spaces inside them are removed;
 * Latin names keep single spaces between words.
 */
export function normalizePersonName(raw: string): string {
  const withDots = raw.normalize('NFC').trim().replace(LOOKALIKE_DOTS_PATTERN, NAME_SEPARATOR_DOT);
  const collapsed = withDots.replace(/\s+/g, ' ');
  return /[A-Za-z]/.test(collapsed) ? collapsed : collapsed.replace(/ /g, '');
}

export function validatePersonName(raw: string): PersonNameResult {
  const value = normalizePersonName(raw);
  const length = Array.from(value).length;

  const script = CHINESE_NAME_PATTERN.test(value) ? 'chinese' : LATIN_NAME_PATTERN.test(value) ? 'latin' : null;
  if (script === null) {
    return { ok: false, reason: length === 0 ? 'person_name_length_invalid' : 'person_name_format_invalid' };
  }
  const limits = PERSON_NAME_LENGTH_LIMITS[script];
  if (length < limits.min || length > limits.max) return { ok: false, reason: 'person_name_length_invalid' };
  return { ok: true, value };
}
