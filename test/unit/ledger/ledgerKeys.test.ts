import { payloadHashOf } from '../../../server/ledger/deps';
import { earnEventTypes } from '../../../shared/points';
import { expiringText, reasonLabel, reasonLabels } from '../../../shared/points/reasonLabels';
import { errorMessages } from '../../../shared/errors';

describe('idempotency keys and payload hashes', () => {
  test('a payload hashes the same whatever its key order, dates by instant', () => {
    const a = payloadHashOf({ points: 10, expiresAt: new Date('2026-03-10T02:15:00Z'), holdId: 'h' });
    const b = payloadHashOf({ holdId: 'h', expiresAt: new Date('2026-03-10T10:15:00+08:00'), points: 10 });
    expect(a).toBe(b);
    expect(payloadHashOf({ holdId: 'h', points: 11 })).not.toBe(payloadHashOf({ holdId: 'h', points: 10 }));
    expect(payloadHashOf({ a: 1, b: undefined })).toBe(payloadHashOf({ a: 1 }));
  });
});

describe('what the resident reads', () => {
  test('every earning type has a plain Chinese label; capped excess is explained', () => {
    for (const type of earnEventTypes) expect(reasonLabels[`earn_${type}`]).toMatch(/[\u4e00-\u9fff]/);
    expect(reasonLabel('earn_homeReading', 2)).toBe('记录家庭自测数据（已达上限，2 积分未计入）');
    expect(reasonLabel('something_new')).toBe('积分变动');
    expect(expiringText(120, '2027-12-31')).toBe('120 积分将于 2027年12月31日到期');
  });

  test('ledger result codes users may see have messages', () => {
    for (const code of ['insufficient_available_points', 'exists_with_different_amount', 'hold_expired', 'exceeds_monthly_redemption_cap'] as const) {
      expect(errorMessages[code]).toBeTruthy();
    }
  });
});
