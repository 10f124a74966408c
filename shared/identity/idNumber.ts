import { chinaDateOf, formatCalendarDate, isValidDateParts } from './calendarDate';

/**
 * 18-digit 居民身份证号码 (GB 11643-1999): 6-digit region code, 8-digit birth date, 3-digit sequence
 * (odd = male, even = female), then a check character (ISO 7064 MOD 11-2).
 */

export type IdNumberFailureReason =
  | 'id_number_format_invalid'
  | 'id_number_region_invalid'
  | 'id_number_birthdate_invalid'
  | 'id_number_checksum_invalid';

export type Sex = 'male' | 'female';

export type IdNumberResult =
  | { ok: true; value: string; birthDate: string; sex: Sex }
  | { ok: false; reason: IdNumberFailureReason };

/** Weights for the first 17 digits: 2^(18 − i) mod 11 (GB 11643-1999 §7). */
export const ID_NUMBER_CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Check character indexed by (weighted sum mod 11) (GB 11643-1999 §7). */
export const ID_NUMBER_CHECK_CHARS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'] as const;

/**
 * First two digits: province-level codes of GB/T 2260, plus 71 台湾, 81 香港, 82 澳门 [BK].
 * 83 (used by 台湾居民居住证) is deliberately absent: the brief limits codes to 11–82.
 */
export const ID_NUMBER_PROVINCE_CODES: Readonly<Record<string, string>> = {
  '11': '北京', '12': '天津', '13': '河北', '14': '山西', '15': '内蒙古',
  '21': '辽宁', '22': '吉林', '23': '黑龙江',
  '31': '上海', '32': '江苏', '33': '浙江', '34': '安徽', '35': '福建', '36': '江西', '37': '山东',
  '41': '河南', '42': '湖北', '43': '湖南', '44': '广东', '45': '广西', '46': '海南',
  '50': '重庆', '51': '四川', '52': '贵州', '53': '云南', '54': '西藏',
  '61': '陕西', '62': '甘肃', '63': '青海', '64': '宁夏', '65': '新疆',
  '71': '台湾', '81': '香港', '82': '澳门',
};

/** Nobody in the programme was born before this; earlier dates are typing errors [P]. */
export const ID_NUMBER_EARLIEST_BIRTH_DATE = '1900-01-01';

const ID_NUMBER_PATTERN = /^\d{17}[\dX]$/;

/**
 * Full-width digits and 'ｘ' from Chinese keyboards become ASCII (NFKC), whitespace goes, x becomes X.
 */
export function normalizeIdNumber(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** The check character for the first 17 digits; the caller guarantees 17 ASCII digits. */
export function idNumberCheckChar(first17Digits: string): string {
  let weightedSum = 0;
  ID_NUMBER_CHECK_WEIGHTS.forEach((weight, index) => {
    weightedSum += Number(first17Digits.charAt(index)) * weight;
  });
  return ID_NUMBER_CHECK_CHARS[weightedSum % 11] ?? '';
}

/**
 * Reasons come in precedence order: format, region, birth date, checksum. The structural checks go
 * first because they tell the resident which part is wrong; the checksum then catches other typos.
 * `now` decides "not in the future", judged on the date in China.
 */
export function validateIdNumber(raw: string, now: Date = new Date()): IdNumberResult {
  const value = normalizeIdNumber(raw);
  if (!ID_NUMBER_PATTERN.test(value)) return { ok: false, reason: 'id_number_format_invalid' };

  if (!Object.prototype.hasOwnProperty.call(ID_NUMBER_PROVINCE_CODES, value.slice(0, 2))) {
    return { ok: false, reason: 'id_number_region_invalid' };
  }

  const birthParts = {
    year: Number(value.slice(6, 10)),
    month: Number(value.slice(10, 12)),
    day: Number(value.slice(12, 14)),
  };
  if (!isValidDateParts(birthParts)) return { ok: false, reason: 'id_number_birthdate_invalid' };
  const birthDate = formatCalendarDate(birthParts);
  if (birthDate < ID_NUMBER_EARLIEST_BIRTH_DATE || birthDate > chinaDateOf(now)) {
    return { ok: false, reason: 'id_number_birthdate_invalid' };
  }

  if (idNumberCheckChar(value.slice(0, 17)) !== value.charAt(17)) {
    return { ok: false, reason: 'id_number_checksum_invalid' };
  }

  const sex: Sex = Number(value.charAt(16)) % 2 === 1 ? 'male' : 'female';
  return { ok: true, value, birthDate, sex };
}

// Only the last 4 (what people remember and read out: the sequence number and the check digit).
// The first 6 (region) and the birth date stay hidden, and no screen shows the birth date next
// to it (age instead), so the shown parts never narrow the number down to one: knowing the city
// still leaves ~100 counties × ~365 birth days, of which 1 in 11 pass the check digit.
// Sources: GB 11643-1999 (structure of the citizen ID number); PIPL art. 28 and 51 (sensitive
// personal information, minimum necessary display). README "Masking" has the table per viewer.
const ID_NUMBER_MASK_KEEP_END = 4;

/**
 * `**************002X`-style display: the last 4 kept, every other character a '*', so the length
 * still shows. Input of 8 characters or fewer is masked entirely (4 kept would be half of it).
 */
export function maskIdNumber(raw: string): string {
  const value = normalizeIdNumber(raw);
  if (value.length <= 2 * ID_NUMBER_MASK_KEEP_END) return '*'.repeat(value.length);
  return '*'.repeat(value.length - ID_NUMBER_MASK_KEEP_END) + value.slice(value.length - ID_NUMBER_MASK_KEEP_END);
}
