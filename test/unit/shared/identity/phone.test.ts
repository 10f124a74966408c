import { maskPhone, normalizePhone, validatePhone } from '../../../../shared/identity/phone';

describe('validatePhone accepts mainland mobiles 1[3-9] + 9 digits', () => {
  test.each([
    ['13812341234', '13812341234'],
    ['19912345678', '19912345678'],
    ['13012345678', '13012345678'], // second digit 3: lowest allowed
    ['138 1234 1234', '13812341234'],
    ['138-1234-1234', '13812341234'],
    ['+86 138 1234 1234', '13812341234'],
    ['+8613812341234', '13812341234'],
    ['(+86) 138-1234-1234', '13812341234'],
    ['008613812341234', '13812341234'],
    ['8613812341234', '13812341234'],
    ['１３８１２３４１２３４', '13812341234'], // full-width digits
    [' 13812341234\t', '13812341234'],
  ])('%j → %s', (input, value) => {
    expect(validatePhone(input)).toEqual({ ok: true, value });
  });
});

describe('validatePhone rejects', () => {
  test.each([
    [''],
    ['12812341234'], // second digit 2
    ['10012345678'], // second digit 0
    ['23812341234'], // not starting with 1
    ['1381234123'], // 10 digits
    ['138123412345'], // 12 digits
    ['+85213812341234'], // Hong Kong prefix
    ['+86 1381234123'], // 10 digits after +86
    ['138abcd1234'],
    ['010-12345678'], // landline
  ])('%j', (input) => {
    expect(validatePhone(input)).toEqual({ ok: false, reason: 'phone_format_invalid' });
  });
});

test('normalizePhone leaves an 11-digit number starting with 86 alone', () => {
  expect(normalizePhone('86123456789')).toBe('86123456789');
});

describe('maskPhone keeps the first 3 and last 4', () => {
  test.each([
    ['13812341234', '138****1234'],
    ['+86 138-1234-1234', '138****1234'],
    ['1234567', '*******'],
  ])('%s → %s', (input, masked) => {
    expect(maskPhone(input)).toBe(masked);
  });
});

describe('maskPhone for a family proxy keeps only the last 4', () => {
  test.each([
    ['13812341234', '*******1234'],
    ['+86 138-1234-1234', '*******1234'],
    ['1234567', '*******'],
  ])('%s → %s', (input, masked) => {
    expect(maskPhone(input, { lastFourOnly: true })).toBe(masked);
  });
});
