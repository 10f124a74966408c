// The services import the Taro runtime; these tests exercise their pure parts.
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { getStorageSync: () => '', setStorageSync: () => undefined, removeStorageSync: () => undefined } }));
jest.mock('../../../miniapp/platform', () => ({ platform: { kind: 'h5' } }));

import { recentMonths, toEarnWaysView, toPassbookView, toStatementLine } from '../../../miniapp/services/passbook';

describe('存折 view models', () => {
  test('summary: notices, allowance text and the value in fen for <Price>', () => {
    const view = toPassbookView({
      balancePoints: 150,
      heldPoints: 30,
      availablePoints: 120,
      valueFenPerPoint: 10,
      expiringSoon: [{ points: 40, lastDay: '2026-12-31', text: '40 积分将于 2026年12月31日到期' }],
      thisMonth: { monthKey: '2026-12', capPoints: 500, usedPoints: 30, remainingPoints: 120, minPoints: 10, maxShareOfEligibleBasisPoints: 5000 },
    });
    expect(view).toEqual({
      balancePoints: 150,
      heldPoints: 30,
      availablePoints: 120,
      expiryNotices: ['40 积分将于 2026年12月31日到期'],
      allowanceText: '本月还可抵扣 120 积分（每月最多 500 积分）',
      availableValueFen: 1200,
    });
  });

  test.each([
    [{ points: 2, heldDeltaPoints: 0 }, { points: 2, heldText: null, tone: 'plus' }],
    [{ points: -30, heldDeltaPoints: -30 }, { points: -30, heldText: null, tone: 'minus' }],
    [{ points: 0, heldDeltaPoints: 30 }, { points: null, heldText: '冻结 30', tone: 'neutral' }],
    [{ points: 0, heldDeltaPoints: -30 }, { points: null, heldText: '解冻 30', tone: 'neutral' }],
    [{ points: 0, heldDeltaPoints: 0 }, { points: 0, heldText: null, tone: 'neutral' }],
  ])('statement line %o → %o', (amounts, expected) => {
    const line = toStatementLine({ seq: 7, day: '2026-03-09', time: '07:15', kind: 'earn', reasonText: '记录家庭自测数据', cappedPoints: 0, balanceAfterPoints: 12, ...amounts });
    expect(line).toMatchObject({ key: '7', dateText: '3月9日 07:15', balanceAfterPoints: 12, ...expected });
  });

  test('month chips are Shanghai months, this month first, across the new year', () => {
    // 2026-01-31 17:00 UTC is already 1 February in Shanghai.
    expect(recentMonths(new Date('2026-01-31T17:00:00Z'), 3)).toEqual([
      { key: '2026-02', label: '本月' },
      { key: '2026-01', label: '1月' },
      { key: '2025-12', label: '12月' },
    ]);
  });

  test('how to earn more: notes join limits and eligibility; the upcoming notice passes through', () => {
    const current = {
      version: 1,
      effectiveFrom: '2026-01-01',
      valueText: '10 积分 = 1 元',
      valueFenPerPoint: 10,
      earning: [
        { eventType: 'homeReading', label: '记录家庭自测数据', points: 2, limitText: '每项每天最多 1 次', contractedOnly: false },
        { eventType: 'phoneFollowUp', label: '完成电话随访', points: 10, limitText: null, contractedOnly: true },
      ],
      yearlyCapText: '每人每年最多获得 2000 积分',
      redemptionLines: ['每次至少使用 10 积分'],
      expiryText: '先到期的先用',
    };
    const view = toEarnWaysView({
      current,
      upcoming: { effectiveFrom: '2026-04-01', noticeText: '新规则将于 2026年4月1日生效', changes: ['记录家庭自测数据：每次 2 积分 → 5 积分'], policy: current },
    });
    expect(view.ways.map((w) => w.note)).toEqual(['每项每天最多 1 次', '签约居民']);
    expect(view.upcoming?.noticeText).toBe('新规则将于 2026年4月1日生效');
    expect(view.otherLines).toEqual(['每人每年最多获得 2000 积分', '每次至少使用 10 积分', '先到期的先用']);
  });
});
