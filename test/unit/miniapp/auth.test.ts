// The services import the Taro runtime; these tests only exercise the pure parts, so Taro is mocked.
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: {} }));
jest.mock('../../../miniapp/platform', () => ({ platform: { kind: 'h5' } }));

import { wechatLoginView } from '../../../shared/api/auth';
import { parsedNow } from '../../../miniapp/services/apiSchema';
import { roleLabel } from '../../../miniapp/services/account';
import { greetingFor } from '../../../miniapp/services/home';

describe('auth response adapter', () => {
  test('accepts the documented login response', () => {
    const data = { token: 'tok', expiresAt: '2030-01-01T00:00:00Z', account: { id: 'acc1', roles: ['resident'] } };
    expect(parsedNow(wechatLoginView, data)).toEqual(data);
  });

  test.each([null, {}, { token: 'tok', expiresAt: 'x' }, { token: '', expiresAt: 'x', account: { id: 'a', roles: [] } }])(
    'rejects %p as unexpected_response',
    (data) => {
      expect(() => parsedNow(wechatLoginView, data)).toThrow(expect.objectContaining({ code: 'unexpected_response' }));
    },
  );
});

describe('view-model helpers', () => {
  test('roles get Chinese names; unknown roles are shown as they are', () => {
    expect(roleLabel('resident')).toBe('居民');
    expect(roleLabel('cashier')).toBe('药店收银员');
    expect(roleLabel('auditor')).toBe('auditor');
  });

  test('greeting by hour', () => {
    expect(greetingFor(8)).toBe('早上好');
    expect(greetingFor(12)).toBe('中午好');
    expect(greetingFor(15)).toBe('下午好');
    expect(greetingFor(20)).toBe('晚上好');
  });
});
