import { checkoutListView, checkoutView, residentCheckoutsView, type CheckoutDto, type CheckoutState } from '../../shared/api/checkout';
import { parsedNow } from './apiSchema';

/**
 * 抵扣, confirm and pay: a checkout of the service as the resident's and the cashier's screens show
 * it (phase, words for its state, points and remainder in integer fen). Pure.
 */
export type { CheckoutState };

/**
 * Which screen a checkout calls for. `confirm`: the resident decides; `pay`: the remainder is due;
 * `working`: the service is between two states (seconds); `done` / `cancelled`: final.
 */
export type CheckoutPhase = 'confirm' | 'pay' | 'working' | 'done' | 'cancelled';

export type Tone = 'info' | 'success' | 'warning' | 'error';

export interface CheckoutView {
  checkoutId: string;
  pharmacyName: string;
  state: CheckoutState;
  phase: CheckoutPhase;
  /** The cashier's big status line: 等待居民确认 → 等待支付 → 已完成 / 已取消. */
  cashierStatus: string;
  /** What the cashier should do or tell the resident now. */
  cashierHint: string;
  /** The resident's headline for the same state. */
  residentStatus: string;
  tone: Tone;
  totalFen: number;
  selfPaidFen: number;
  eligibleSelfPaidFen: number;
  insuranceFen: number;
  /** Points used: the confirmed number, or before confirmation the most the policy allows. */
  points: number;
  pointsValueFen: number;
  /** What is left to pay after the points (confirmed, or as offered). */
  remainderFen: number;
  /** Why the points stop where they do, in words (before confirmation). */
  limitText: string;
  paymentMethod: 'wechat' | 'counter' | 'none' | null;
  wechatPaidFen: number;
  counterPaidFen: number;
  refundedFen: number;
  refundedPoints: number;
  /** The most a refund may still return (the service's rule: self-paid − refunded so far). */
  refundableFen: number;
  refundInProgress: boolean;
  confirmedByProxy: boolean;
  /** Why it was cancelled, in words; null unless cancelled. */
  cancelText: string | null;
  /** Something needs an administrator (a capture or release that did not go through). */
  problemText: string | null;
  createdAt: string;
  paymentDeadline: string | null;
}

const limitTexts: Record<string, string> = {
  limited_by_eligible_share: '积分最多抵扣目录内药品、检查自付金额的一半',
  limited_by_monthly_limit: '已到本月抵扣上限',
  limited_by_available_points: '已用上全部可用积分',
};

export const cancelTexts: Record<string, string> = {
  declined_by_resident: '居民选择了不用积分',
  cancelled_by_cashier: '收银员取消了这笔抵扣单',
  confirmation_timeout: '居民超时未确认，已自动取消',
  payment_timeout: '超过 15 分钟未支付，已自动取消，积分已退回',
  payment_failed: '支付没有成功，已取消，积分已退回',
  insufficient_available_points: '可用积分不足，没有抵扣',
  exceeds_monthly_redemption_cap: '超过本月抵扣上限，没有抵扣',
};

export function phaseOf(state: CheckoutState): CheckoutPhase {
  switch (state) {
    case 'awaiting_confirmation':
      return 'confirm';
    case 'awaiting_payment':
      return 'pay';
    case 'completed':
      return 'done';
    case 'cancelled':
      return 'cancelled';
    case 'holding':
    case 'capturing':
    case 'cancelling':
      return 'working';
  }
}

interface StateWords {
  cashierStatus: string;
  cashierHint: string;
  residentStatus: string;
  tone: Tone;
}

function wordsFor(state: CheckoutState, c: { remainderFen: number; refundedFen: number; selfPaidFen: number; paymentMethod: CheckoutView['paymentMethod'] }): StateWords {
  switch (state) {
    case 'awaiting_confirmation':
      return { cashierStatus: '等待居民确认', cashierHint: '请居民在手机上点「确认抵扣」', residentStatus: '请确认是否用积分抵扣', tone: 'info' };
    case 'holding':
      return { cashierStatus: '正在冻结积分', cashierHint: '请稍候，马上就好', residentStatus: '正在处理，请稍候', tone: 'info' };
    case 'awaiting_payment':
      return {
        cashierStatus: '等待支付',
        cashierHint: c.paymentMethod === 'wechat' ? '居民正在用微信支付剩余金额' : '居民可用微信支付，或在柜台付款后由您点「已在柜台收款」',
        residentStatus: '请支付剩余金额',
        tone: 'warning',
      };
    case 'capturing':
      return { cashierStatus: '正在完成抵扣', cashierHint: '支付已收到，请稍候', residentStatus: '支付已收到，正在完成', tone: 'info' };
    case 'cancelling':
      return { cashierStatus: '正在取消', cashierHint: '正在退回冻结的积分', residentStatus: '正在取消，积分会退回', tone: 'warning' };
    case 'completed':
      if (c.refundedFen > 0) {
        const full = c.refundedFen >= c.selfPaidFen;
        return {
          cashierStatus: full ? '已全额退款' : '已部分退款',
          cashierHint: '积分已按比例退回居民的存折',
          residentStatus: full ? '已全额退款，积分已退回' : '已部分退款，积分已按比例退回',
          tone: 'success',
        };
      }
      return { cashierStatus: '已完成', cashierHint: '抵扣和付款都已完成，可以给居民拿药', residentStatus: '抵扣成功', tone: 'success' };
    case 'cancelled':
      return { cashierStatus: '已取消', cashierHint: '没有使用积分，请按原价收款或重新扫码', residentStatus: '本次没有使用积分', tone: 'error' };
  }
}

/** Pure adapter for a `checkoutView` of the service (resident and cashier routes return the same shape). */
export function readCheckout(value: unknown): CheckoutView {
  return checkoutViewOf(parsedNow(checkoutView, value));
}

/** A checkout DTO (already parsed) as the screens show it. */
export function checkoutViewOf(checkout: CheckoutDto): CheckoutView {
  const { state, selfPaidFen, refundedFen, paymentMethod } = checkout;
  const pointsValueFen = checkout.pointsValueFen ?? checkout.maxPointsValueFen;
  const remainderFen = checkout.remainderFen ?? Math.max(0, selfPaidFen - pointsValueFen);
  return {
    checkoutId: checkout.checkoutId,
    pharmacyName: checkout.pharmacyName ?? '合作药店',
    state,
    phase: phaseOf(state),
    ...wordsFor(state, { remainderFen, refundedFen, selfPaidFen, paymentMethod }),
    totalFen: checkout.totalFen,
    selfPaidFen,
    eligibleSelfPaidFen: checkout.eligibleSelfPaidFen,
    insuranceFen: checkout.insuranceFen,
    points: checkout.points ?? checkout.maxPoints,
    pointsValueFen,
    remainderFen,
    limitText: limitTexts[checkout.limitedBy] ?? '',
    paymentMethod,
    wechatPaidFen: checkout.wechatPaidFen,
    counterPaidFen: checkout.counterPaidFen,
    refundedFen,
    refundedPoints: checkout.refundedPoints,
    refundableFen: state === 'completed' ? Math.max(0, selfPaidFen - refundedFen) : 0,
    refundInProgress: checkout.refundInProgress,
    confirmedByProxy: checkout.confirmedByProxy,
    cancelText: state === 'cancelled' ? (cancelTexts[checkout.cancelReason ?? ''] ?? '这笔抵扣单已取消') : null,
    problemText: checkout.problem ? '这笔单据需要管理员处理，请联系项目管理员' : null,
    createdAt: checkout.createdAt,
    paymentDeadline: checkout.paymentDeadline,
  };
}

export interface ResidentCheckouts {
  /** Waiting for the resident (or the service), newest first. */
  pending: CheckoutView[];
  recent: CheckoutView[];
}

export function readResidentCheckouts(value: unknown): ResidentCheckouts {
  const lists = parsedNow(residentCheckoutsView, value);
  return { pending: lists.pending.map(checkoutViewOf), recent: lists.recent.map(checkoutViewOf) };
}

/**
 * On the 出示码 screen: the checkout the phone should jump to — one awaiting this resident's
 * confirmation (the cashier just scanned), otherwise none. Older unpaid ones are offered, not forced.
 */
export function checkoutToOpen(list: ResidentCheckouts): CheckoutView | null {
  return list.pending.find((c) => c.state === 'awaiting_confirmation') ?? null;
}

export function readCheckoutList(value: unknown): CheckoutView[] {
  return parsedNow(checkoutListView, value).checkouts.map(checkoutViewOf);
}
