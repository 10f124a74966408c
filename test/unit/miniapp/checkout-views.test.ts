// Pure parts of 抵扣: yuan text → fen, the keypad, bill checks and the checkout/refund/statement view models.
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: {} }));
jest.mock('../../../miniapp/platform', () => ({ platform: { kind: 'h5' } }));

import { readRedemptionCode, secondsLeft } from '../../../miniapp/services/checkoutCode';
import { applyYuanKey, checkBill, normalizeRedemptionCode, parseYuanToFen, redemptionCodeProblem } from '../../../miniapp/services/checkoutKeypad';
import { readCheckoutDetail } from '../../../miniapp/services/checkoutRefunds';
import { periodLabelOf, readStatement } from '../../../miniapp/services/checkoutStatements';
import { checkoutToOpen, phaseOf, readCheckout, readResidentCheckouts, type CheckoutState } from '../../../miniapp/services/checkoutStatus';
import { cashierPharmacyIdOf, normalizeInvitationCode } from '../../../miniapp/services/pharmacy';

describe('parseYuanToFen: the till parses the typed string, never a float', () => {
  test.each([
    ['12', 1200],
    ['12.3', 1230],
    ['12.34', 1234],
    ['0.05', 5],
    ['0.1', 10],
    ['12.', 1200],
    ['0', 0],
    [' 8.8 ', 880],
    ['1000000', 100_000_000],
    // 0.1 + 0.2 style traps: float math would give 1.1499999… × 100
    ['1.15', 115],
    ['4.35', 435],
  ])('%p → %p fen', (text, fen) => {
    expect(parseYuanToFen(text)).toEqual({ ok: true, fen });
  });

  test.each([
    ['12.345', '两位小数'],
    ['-1', '正确的金额'],
    ['abc', '正确的金额'],
    ['', '请输入金额'],
    ['.5', '正确的金额'],
    ['1,000', '正确的金额'],
    ['1e3', '正确的金额'],
    ['12345678', '太大'],
    ['1000000.01', '太大'],
  ])('%p is refused (%s)', (text, fragment) => {
    const result = parseYuanToFen(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(fragment);
  });
});

describe('applyYuanKey', () => {
  const type = (keys: string[]) => keys.reduce((text, key) => applyYuanKey(text, key), '');
  test('digits, one point, two decimals at most', () => {
    expect(type(['1', '2', '.', '3', '4', '5'])).toBe('12.34');
    expect(type(['.', '5'])).toBe('0.5');
    expect(type(['1', '.', '.', '2'])).toBe('1.2');
  });
  test('no leading zeros, backspace and clear', () => {
    expect(type(['0', '0', '7'])).toBe('7');
    expect(type(['1', '2', 'backspace'])).toBe('1');
    expect(type(['1', '2', 'clear'])).toBe('');
  });
  test('at most 7 yuan digits', () => {
    expect(type(['1', '2', '3', '4', '5', '6', '7', '8'])).toBe('1234567');
  });
});

describe('checkBill', () => {
  test('a consistent bill in fen', () => {
    expect(checkBill({ totalText: '200', selfPaidText: '120.5', eligibleText: '80.05' }).bill).toEqual({ totalFen: 20000, selfPaidFen: 12050, eligibleSelfPaidFen: 8005 });
  });
  test('each rule of the service, said where it applies', () => {
    const result = checkBill({ totalText: '100', selfPaidText: '120', eligibleText: '130' });
    expect(result.bill).toBeNull();
    expect(result.errors.selfPaidText).toContain('不能超过总金额');
    expect(result.errors.eligibleText).toContain('不能超过个人自付');
    expect(checkBill({ totalText: '0', selfPaidText: '0', eligibleText: '0' }).errors.totalText).toContain('不能为 0');
    expect(checkBill({ totalText: '', selfPaidText: '1.234', eligibleText: '1' }).errors).toEqual({ totalText: '请输入金额', selfPaidText: '金额最多两位小数（到分）', eligibleText: null });
  });
});

describe('redemption codes typed or scanned', () => {
  test('spaces and dashes dropped, the QR prefix kept', () => {
    expect(normalizeRedemptionCode(' 1234 5678-9012 3456 78 ')).toBe('123456789012345678');
    expect(normalizeRedemptionCode('rhp1:1234 5678')).toBe('RHP1:12345678');
  });
  test('18 digits or a clear sentence', () => {
    expect(redemptionCodeProblem('123456789012345678')).toBeNull();
    expect(redemptionCodeProblem('RHP1:123456789012345678')).toBeNull();
    expect(redemptionCodeProblem('')).toContain('18 位');
    expect(redemptionCodeProblem('12345')).toBe('抵扣码是 18 位数字，您输入了 5 位');
    expect(redemptionCodeProblem('12345a')).toContain('只有数字');
  });
});

const baseDto = {
  checkoutId: 'co0123456789abcdef01234567',
  pharmacyId: 'ph-1',
  pharmacyName: '康宁大药房',
  stateLabel: 'x',
  totalFen: 20000,
  selfPaidFen: 12000,
  eligibleSelfPaidFen: 8000,
  insuranceFen: 8000,
  valueFenPerPoint: 10,
  maxPoints: 400,
  maxPointsValueFen: 4000,
  limitedBy: 'limited_by_eligible_share',
  points: null,
  pointsValueFen: null,
  remainderFen: null,
  paymentMethod: null,
  wechatPaidFen: 0,
  counterPaidFen: 0,
  capturedPoints: 0,
  refundedFen: 0,
  refundedPoints: 0,
  refundInProgress: false,
  confirmedByProxy: false,
  cancelReason: null,
  problem: null,
  createdAt: '2026-03-05T06:00:00.000Z',
  confirmDeadline: '2026-03-05T06:05:00.000Z',
  paymentDeadline: null,
  capturedAt: null,
};

describe('checkout view model', () => {
  test.each<[CheckoutState, string, string]>([
    ['awaiting_confirmation', 'confirm', '等待居民确认'],
    ['holding', 'working', '正在冻结积分'],
    ['awaiting_payment', 'pay', '等待支付'],
    ['capturing', 'working', '正在完成抵扣'],
    ['cancelling', 'working', '正在取消'],
    ['completed', 'done', '已完成'],
    ['cancelled', 'cancelled', '已取消'],
  ])('%s → phase %s, cashier sees %s', (state, phase, status) => {
    const view = readCheckout({ ...baseDto, state });
    expect(phaseOf(state)).toBe(phase);
    expect(view.phase).toBe(phase);
    expect(view.cashierStatus).toBe(status);
  });

  test('before confirmation: the offer (most points, remainder computed in fen)', () => {
    const view = readCheckout({ ...baseDto, state: 'awaiting_confirmation' });
    expect(view).toMatchObject({ points: 400, pointsValueFen: 4000, remainderFen: 8000, refundableFen: 0, cancelText: null });
    expect(view.limitText).toContain('一半');
  });

  test('after confirmation: the confirmed amounts win', () => {
    const view = readCheckout({ ...baseDto, state: 'awaiting_payment', points: 300, pointsValueFen: 3000, remainderFen: 9000, paymentMethod: 'wechat' });
    expect(view).toMatchObject({ points: 300, pointsValueFen: 3000, remainderFen: 9000, paymentMethod: 'wechat', tone: 'warning' });
    expect(view.cashierHint).toContain('微信');
  });

  test('completed, partly and fully refunded', () => {
    const paid = { ...baseDto, state: 'completed', points: 400, pointsValueFen: 4000, remainderFen: 8000, paymentMethod: 'wechat', wechatPaidFen: 8000 };
    expect(readCheckout(paid)).toMatchObject({ cashierStatus: '已完成', refundableFen: 12000, tone: 'success' });
    expect(readCheckout({ ...paid, refundedFen: 6000, refundedPoints: 200 })).toMatchObject({ cashierStatus: '已部分退款', refundableFen: 6000 });
    expect(readCheckout({ ...paid, refundedFen: 12000, refundedPoints: 400 })).toMatchObject({ cashierStatus: '已全额退款', refundableFen: 0 });
  });

  test('cancelled: the reason in words, unknown reasons still say something', () => {
    expect(readCheckout({ ...baseDto, state: 'cancelled', cancelReason: 'declined_by_resident' }).cancelText).toBe('居民选择了不用积分');
    expect(readCheckout({ ...baseDto, state: 'cancelled', cancelReason: 'payment_timeout' }).cancelText).toContain('15 分钟');
    expect(readCheckout({ ...baseDto, state: 'cancelled', cancelReason: 'something_new' }).cancelText).toBe('这笔抵扣单已取消');
  });

  test('a problem flag tells the cashier to call an administrator', () => {
    expect(readCheckout({ ...baseDto, state: 'capturing', problem: 'capture_failed:x' }).problemText).toContain('管理员');
  });

  test('refuses what is not a checkout (unknown state, float money)', () => {
    expect(() => readCheckout({ ...baseDto, state: 'exploded' })).toThrow();
    expect(() => readCheckout({ ...baseDto, state: 'completed', totalFen: 12.5 })).toThrow();
    expect(() => readCheckout(null)).toThrow();
  });

  test('the phone opens a checkout awaiting confirmation, not an older unpaid one', () => {
    const list = readResidentCheckouts({ pending: [{ ...baseDto, state: 'awaiting_payment' }, { ...baseDto, checkoutId: 'co2', state: 'awaiting_confirmation' }], recent: [] });
    expect(checkoutToOpen(list)?.checkoutId).toBe('co2');
    expect(checkoutToOpen(readResidentCheckouts({ pending: [{ ...baseDto, state: 'awaiting_payment' }], recent: [] }))).toBeNull();
  });

  test('detail with refunds', () => {
    const detail = readCheckoutDetail({
      checkout: { ...baseDto, state: 'completed' },
      refunds: [{ refundId: 'r1', checkoutId: 'c', state: 'succeeded', refundFen: 12000, restoredPoints: 400, restoredValueFen: 4000, cashFen: 8000, cashChannel: 'wechat', wechatStatus: 'SUCCESS', failure: null, createdAt: '' }],
    });
    expect(detail.refunds[0]).toMatchObject({ refundFen: 12000, restoredPoints: 400, statusText: '已退款', channelText: '微信原路退回', tone: 'success' });
  });
});

describe('出示码 and statements', () => {
  test('the code with what its points are worth (integer fen)', () => {
    const view = readRedemptionCode({ code: '1'.repeat(18), codeFormatted: '1111 …', qrPayload: 'RHP1:…', qrDataUrl: 'data:image/png;base64,AA', expiresAt: 'x', refreshAfterMs: 50000, availablePoints: 1000, monthlyRemainingPoints: 500, valueFenPerPoint: 10 });
    expect(view).toMatchObject({ availableValueFen: 10000, monthlyRemainingValueFen: 5000, refreshAfterMs: 50000 });
    expect(() => readRedemptionCode({ code: '1' })).toThrow();
  });
  test('countdown seconds round up and stop at 0', () => {
    expect(secondsLeft(10_500, 10_000)).toBe(1);
    expect(secondsLeft(60_000, 10_000)).toBe(50);
    expect(secondsLeft(1_000, 10_000)).toBe(0);
  });
  test('statement: period and state in words; only a draft can be confirmed', () => {
    const line = { kind: 'capture', refId: 'co1', checkoutId: 'co1', at: '2026-02-03T02:00:00.000Z', points: 400, amountFen: 4000 };
    const dto = { statementId: '2026-02.ph-1', pharmacyId: 'ph-1', periodKey: '2026-02', state: 'draft', capturedPoints: 400, reversedPoints: 0, capturedFen: 4000, reversedFen: 0, adjustmentFen: 0, statementTotalFen: 4000, paymentReference: null, lines: [line] };
    expect(readStatement(dto)).toMatchObject({ periodLabel: '2026年2月', stateText: '待药店确认', canConfirm: true, lineCount: 1 });
    expect(readStatement({ ...dto, state: 'paid', lines: [] }).canConfirm).toBe(false);
    expect(periodLabelOf('bad')).toBe('bad');
  });
  test('cashier pharmacy from the profile; invitation codes normalized', () => {
    expect(cashierPharmacyIdOf({ roles: ['cashier'], staff: { pharmacyId: 'ph-demo-1' } })).toBe('ph-demo-1');
    expect(cashierPharmacyIdOf({ roles: ['doctor'], staff: { pharmacyId: 'ph-demo-1' } })).toBeNull();
    expect(cashierPharmacyIdOf({ roles: ['cashier'], staff: {} })).toBeNull();
    expect(normalizeInvitationCode(' ab12 cd34 ')).toBe('AB12CD34');
  });
});
