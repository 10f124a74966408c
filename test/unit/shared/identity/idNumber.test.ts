import { maskIdNumber, validateIdNumber, type IdNumberFailureReason } from '../../../../shared/identity/idNumber';

// Reference implementation, written from the GB 11643 formula rather than the lookup tables the
// code under test uses: weight_i = 2^(17 − i) mod 11, check = (12 − Σ mod 11) mod 11, 10 → X.
function referenceCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const check = (12 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

function buildIdNumber(region6: string, birth8: string, sequence3: string): string {
  const first17 = `${region6}${birth8}${sequence3}`;
  return first17 + referenceCheckChar(first17);
}

/** The first sequence number whose check character is `wanted`, to get X on demand. */
function buildIdNumberEndingIn(region6: string, birth8: string, wanted: string): string {
  for (let n = 0; n < 1000; n += 1) {
    const id = buildIdNumber(region6, birth8, String(n).padStart(3, '0'));
    if (id.endsWith(wanted)) return id;
  }
  throw new Error(`no sequence ends in ${wanted}`);
}

function withWrongCheckChar(id: string): string {
  const wrong = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'].find((c) => c !== id.charAt(17)) ?? '0';
  return id.slice(0, 17) + wrong;
}

const NOW = new Date('2025-06-15T04:00:00Z'); // 2025-06-15 12:00 in China

describe('reference implementation', () => {
  test.each([
    ['11010519491231002', 'X'], // GB 11643-1999 worked example
    ['44052418800101001', '4'], // GB 11643-1999 worked example
  ])('check char of %s is %s', (first17, check) => {
    expect(referenceCheckChar(first17)).toBe(check);
  });
});

describe('validateIdNumber accepts', () => {
  const xEnding = buildIdNumberEndingIn('370103', '19650412', 'X');
  test.each([
    ['GB 11643 example with X check char', '11010519491231002X', '11010519491231002X', '1949-12-31', 'female'],
    ['lowercase x is normalised to X', '11010519491231002x', '11010519491231002X', '1949-12-31', 'female'],
    ['computed X check char', xEnding, xEnding, '1965-04-12', Number(xEnding.charAt(16)) % 2 ? 'male' : 'female'],
    ['odd sequence digit is male', buildIdNumber('320102', '19800101', '011'), buildIdNumber('320102', '19800101', '011'), '1980-01-01', 'male'],
    ['even sequence digit is female', buildIdNumber('320102', '19800101', '012'), buildIdNumber('320102', '19800101', '012'), '1980-01-01', 'female'],
    ['spaces and surrounding whitespace removed', ` ${buildIdNumber('110101', '19900307', '123').replace(/(\d{6})(\d{8})/, '$1 $2 ')} `, buildIdNumber('110101', '19900307', '123'), '1990-03-07', 'male'],
    ['full-width digits from a Chinese keyboard', '１１０１０５１９４９１２３１００２ｘ', '11010519491231002X', '1949-12-31', 'female'],
    ['29 February in a leap year', buildIdNumber('460100', '20000229', '002'), buildIdNumber('460100', '20000229', '002'), '2000-02-29', 'female'],
    ['earliest allowed birth date 1900-01-01', buildIdNumber('650102', '19000101', '001'), buildIdNumber('650102', '19000101', '001'), '1900-01-01', 'male'],
    ['born today (China date)', buildIdNumber('820000', '20250615', '001'), buildIdNumber('820000', '20250615', '001'), '2025-06-15', 'male'],
    ['region 81 Hong Kong', buildIdNumber('810000', '19751130', '004'), buildIdNumber('810000', '19751130', '004'), '1975-11-30', 'female'],
    ['region 71 Taiwan', buildIdNumber('710000', '19751130', '005'), buildIdNumber('710000', '19751130', '005'), '1975-11-30', 'male'],
  ])('%s', (_case, input, value, birthDate, sex) => {
    expect(validateIdNumber(input, NOW)).toEqual({ ok: true, value, birthDate, sex });
  });

  test('born "tomorrow" in UTC but today in China is accepted', () => {
    const lateEvening = new Date('2025-06-15T16:30:00Z'); // 2025-06-16 00:30 in China
    expect(validateIdNumber(buildIdNumber('110101', '20250616', '001'), lateEvening).ok).toBe(true);
  });
});

describe('validateIdNumber rejects', () => {
  const valid = buildIdNumber('110101', '19900307', '123');
  test.each<[string, string, IdNumberFailureReason]>([
    ['empty', '', 'id_number_format_invalid'],
    ['17 characters', valid.slice(0, 17), 'id_number_format_invalid'],
    ['19 characters', `${valid}1`, 'id_number_format_invalid'],
    ['old 15-digit number', '110105491231002', 'id_number_format_invalid'],
    ['letter among the digits', `${valid.slice(0, 5)}A${valid.slice(6)}`, 'id_number_format_invalid'],
    ['X before the last position', `${valid.slice(0, 16)}X${valid.charAt(17)}`, 'id_number_format_invalid'],
    ['check char Y', `${valid.slice(0, 17)}Y`, 'id_number_format_invalid'],
    ['region 00', buildIdNumber('000101', '19900307', '123'), 'id_number_region_invalid'],
    ['region 10 (below 11)', buildIdNumber('100101', '19900307', '123'), 'id_number_region_invalid'],
    ['region 16 (gap after 15)', buildIdNumber('160101', '19900307', '123'), 'id_number_region_invalid'],
    ['region 66 (gap after 65)', buildIdNumber('660101', '19900307', '123'), 'id_number_region_invalid'],
    ['region 83 (above 82)', buildIdNumber('830000', '19900307', '123'), 'id_number_region_invalid'],
    ['region 91', buildIdNumber('910101', '19900307', '123'), 'id_number_region_invalid'],
    ['GB 11643 example born 1880', '440524188001010014', 'id_number_birthdate_invalid'],
    ['born 1899-12-31', buildIdNumber('110101', '18991231', '123'), 'id_number_birthdate_invalid'],
    ['month 00', buildIdNumber('110101', '19900007', '123'), 'id_number_birthdate_invalid'],
    ['month 13', buildIdNumber('110101', '19901307', '123'), 'id_number_birthdate_invalid'],
    ['day 00', buildIdNumber('110101', '19900300', '123'), 'id_number_birthdate_invalid'],
    ['31 April', buildIdNumber('110101', '19900431', '123'), 'id_number_birthdate_invalid'],
    ['29 February in a common year', buildIdNumber('110101', '20230229', '123'), 'id_number_birthdate_invalid'],
    ['29 February 1900 (century, not leap)', buildIdNumber('110101', '19000229', '123'), 'id_number_birthdate_invalid'],
    ['born tomorrow (China date)', buildIdNumber('110101', '20250616', '123'), 'id_number_birthdate_invalid'],
    ['wrong check digit', withWrongCheckChar(valid), 'id_number_checksum_invalid'],
    ['X where a digit is due', `${valid.slice(0, 17)}X`, 'id_number_checksum_invalid'],
    ['two digits swapped', `${valid.slice(0, 14)}${valid.charAt(15)}${valid.charAt(14)}${valid.slice(16)}`, 'id_number_checksum_invalid'],
    ['region is reported before checksum', withWrongCheckChar(buildIdNumber('990101', '19900307', '123')), 'id_number_region_invalid'],
    ['birth date is reported before checksum', withWrongCheckChar(buildIdNumber('110101', '19901307', '123')), 'id_number_birthdate_invalid'],
  ])('%s', (_case, input, reason) => {
    expect(validateIdNumber(input, NOW)).toEqual({ ok: false, reason });
  });

  test('the fixture rows mean what they say', () => {
    expect(valid.charAt(14)).not.toBe(valid.charAt(15)); // the swap changes the number
    expect(valid.charAt(17)).not.toBe('X'); // so "X where a digit is due" is wrong
  });
});

describe('maskIdNumber keeps only the last 4 (issue 19: first 4 + last 4 + birth date left one candidate)', () => {
  test.each([
    ['11010519491231002X', '**************002X'],
    ['11010519491231002x', '**************002X'],
    [' 440524 19800101 0014 ', '**************0014'],
    ['110105491231002', '***********1002'], // old 15-digit numbers keep the same rule
    ['123456789', '*****6789'],
    ['12345678', '********'], // too short: 4 kept would be half of it
    ['', ''],
  ])('%s → %s', (input, masked) => {
    expect(maskIdNumber(input)).toBe(masked);
  });

  /**
   * What a viewer of a profile could try: every 18-digit number in the resident's own city (an
   * attacker may know it from the institution) whose last 4 match, whose holder has the shown age
   * and passes the check digit. Before issue 19 the profile also showed the first 4 and the birth
   * date, which left a single candidate; now thousands remain.
   */
  test('the masked number with the age beside it does not narrow down to one person', () => {
    const id = '11010519491231002X';
    const shownLastFour = maskIdNumber(id).slice(-4);
    const candidates: string[] = [];
    // Everyone who is exactly 76 on 2026-12-03 was born 1949-12-04 … 1950-12-03.
    for (let day = Date.UTC(1949, 11, 4); day <= Date.UTC(1950, 11, 3); day += 86_400_000) {
      const birth8 = new Date(day).toISOString().slice(0, 10).replace(/-/g, '');
      for (let county = 1; county <= 99; county += 1) {
        const first17 = `1101${String(county).padStart(2, '0')}${birth8}${shownLastFour.slice(0, 3)}`;
        if (referenceCheckChar(first17) === shownLastFour[3]) candidates.push(first17);
      }
    }
    expect(candidates.length).toBeGreaterThan(1000);
    // The old display (first 4 + last 4) with the birth date: only the 2 county digits unknown.
    const oldCandidates = Array.from({ length: 99 }, (_, i) => `1101${String(i + 1).padStart(2, '0')}19491231002`).filter((first17) => referenceCheckChar(first17) === 'X');
    expect(oldCandidates.length).toBeLessThanOrEqual(10);
  });
});
