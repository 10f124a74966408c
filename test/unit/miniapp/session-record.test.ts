import { isSessionCurrent, parseSessionRecord, sessionExpirySkewMs } from '../../../miniapp/services/sessionRecord';

const record = { token: 't', expiresAt: '2030-01-01T00:00:00.000Z', accountId: 'a1', roles: ['resident'] };

describe('stored session', () => {
  test('parses the stored JSON string or object', () => {
    expect(parseSessionRecord(JSON.stringify(record))).toEqual(record);
    expect(parseSessionRecord(record)).toEqual(record);
  });

  test.each([undefined, '', 'not json', {}, { ...record, token: '' }, { ...record, expiresAt: 'soon' }, { ...record, roles: [1] }])(
    'rejects %p',
    (value) => {
      expect(parseSessionRecord(value)).toBeNull();
    },
  );

  test('expires slightly early so a request never races the expiry', () => {
    const expiresMs = Date.parse(record.expiresAt);
    expect(isSessionCurrent(record, expiresMs - sessionExpirySkewMs - 1)).toBe(true);
    expect(isSessionCurrent(record, expiresMs - sessionExpirySkewMs)).toBe(false);
  });
});
