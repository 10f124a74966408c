import { maskIdNumber, maskPhone, validateIdNumber } from '../../../shared/identity';
import { formatHumanCode, newHumanCode, normalizeHumanCode } from '../../../server/identity/codes';
import { fakeIdNumber, fakePhone } from '../../helpers/factories';

describe('one-time codes', () => {
  test('new codes normalize back to themselves, typed in any case with spaces or dashes', () => {
    for (let i = 0; i < 50; i += 1) {
      const code = newHumanCode();
      expect(normalizeHumanCode(formatHumanCode(code))).toBe(code);
      expect(normalizeHumanCode(` ${formatHumanCode(code).toLowerCase().replace('-', ' ')} `)).toBe(code);
    }
  });
  test('look-alikes and wrong lengths are not codes', () => {
    expect(normalizeHumanCode('0OIL-1234')).toBeUndefined();
    expect(normalizeHumanCode('ABCD-EFG')).toBeUndefined();
  });
});

describe('fictional identifiers used by tests and demo data', () => {
  test('ID numbers pass the check digit and mask as 14 stars + the last 4', () => {
    for (let i = 0; i < 30; i += 1) {
      const id = fakeIdNumber();
      expect(validateIdNumber(id, new Date('2026-01-01T00:00:00Z'))).toMatchObject({ ok: true });
      expect(maskIdNumber(id)).toBe(`**************${id.slice(-4)}`);
    }
  });
  test('phones are 1380000xxxx and mask as 138****xxxx', () => {
    expect(maskPhone(fakePhone(42))).toBe('138****0042');
  });
});
