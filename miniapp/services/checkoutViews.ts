import {
  checkoutDetailView,
  checkoutListView,
  checkoutView,
  redemptionCodeView,
  refundResultView,
  residentCheckoutsView,
  statementListView,
  statementView,
  type CheckoutDto,
  type CheckoutState,
  type RefundDto,
  type StatementDto,
} from '../../shared/api/checkout';
import { parsedNow } from './apiSchema';

/**
 * The pure half of 抵扣 (journey 5): adapters from the service's checkout, refund, redemption-code
 * and statement DTOs to the view models the resident's and the cashier's screens use, and the
 * yuan-text → fen parser of the cashier's keypad. No Taro imports: unit-tested directly.
 * Money stays integer fen here; only `<Price amountFen>` turns it into text.
 */

// ── Yuan text → integer fen (the cashier's keypad) ───────────────────────────────────────────────

/** Largest bill the till accepts (the service's `fen` schema allows up to ¥1,000,000.00). */
export const billFenMax = 100_000_000;

export type YuanParse = { ok: true; fen: number } | { ok: false; message: string };

/**
 * "12" → 1200, "12.3" → 1230, "12.34" → 1234, "0.05" → 5, "12." → 1200. Parsed as a string (whole part
 * × 100 + the fraction padded to two digits), never through a float, so nothing is ever rounded.
 * Refuses a third decimal, signs, letters and amounts over `billFenMax`.
 */
export function parseYuanToFen(text: string): YuanParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: '请输入金额' };
  const match = /^(\d{1,7})(?:\.(\d{0,2}))?$/.exec(trimmed);
  if (!match) {
    if (/^\d+\.\d{3,}$/.test(trimmed)) return { ok: false, message: '金额最多两位小数（到分）' };
    if (/^\d{8,}(\.\d*)?$/.test(trimmed)) return { ok: false, message: '金额太大，请核对' };
    return { ok: false, message: '请输入正确的金额，如 12.50' };
  }
  const whole = Number.parseInt(match[1] ?? '0', 10);
  const fraction = Number.parseInt((match[2] ?? '').padEnd(2, '0'), 10);
  const fen = whole * 100 + fraction;
  if (fen > billFenMax) return { ok: false, message: '金额太大，请核对' };
  return { ok: true, fen };
}

/** What one keypad key does to the amount text: at most 7 yuan digits and 2 decimals, no leading zeros. */
export function applyYuanKey(text: string, key: string): string {
  if (key === 'backspace') return text.slice(0, -1);
  if (key === 'clear') return '';
  if (key === '.') {
    if (text.includes('.')) return text;
    return text === '' ? '0.' : `${text}.`;
  }
  if (!/^[0-9]$/.test(key)) return text;
  const [whole = '', fraction] = text.split('.');
  if (fraction !== undefined) return fraction.length >= 2 ? text : text + key;
  if (whole === '0') return key;
  return whole.length >= 7 ? text : text + key;
}

export interface BillDraft {
  totalText: string;
  selfPaidText: string;
  eligibleText: string;
}

export type BillField = keyof BillDraft;

export interface BillCheck {
  /** Per field: the message to show under it, or null. */
  errors: Record<BillField, string | null>;
  bill: { totalFen: number; selfPaidFen: number; eligibleSelfPaidFen: number } | null;
}

/** The three amounts of a bill, each parsed, and the service's own consistency rule (eligible ≤ self-paid ≤ total). */
export function checkBill(draft: BillDraft): BillCheck {
  const total = parseYuanToFen(draft.totalText);
  const selfPaid = parseYuanToFen(draft.selfPaidText);
  const eligible = parseYuanToFen(draft.eligibleText);
  const errors: Record<BillField, string | null> = {
    totalText: total.ok ? null : total.message,
    selfPaidText: selfPaid.ok ? null : selfPaid.message,
    eligibleText: eligible.ok ? null : eligible.message,
  };
  if (!total.ok || !selfPaid.ok || !eligible.ok) return { errors, bill: null };
  if (total.fen === 0) errors.totalText = '总金额不能为 0';
  if (selfPaid.fen > total.fen) errors.selfPaidText = '个人自付不能超过总金额';
  if (eligible.fen > selfPaid.fen) errors.eligibleText = '可抵扣部分不能超过个人自付';
  if (Object.values(errors).some(Boolean)) return { errors, bill: null };
  return { errors, bill: { totalFen: total.fen, selfPaidFen: selfPaid.fen, eligibleSelfPaidFen: eligible.fen } };
}

/** The digits a cashier typed or scanned: spaces and dashes dropped, the QR prefix `RHP1:` kept for the service. */
export function normalizeRedemptionCode(raw: string): string {
  const trimmed = raw.trim();
  if (/^RHP1:/i.test(trimmed)) return `RHP1:${trimmed.slice(5).replace(/[\s-]/g, '')}`;
  return trimmed.replace(/[\s-]/g, '');
}

/** 18 digits (or a scanned `RHP1:` payload); anything else is a typo caught before asking the service. */
export function redemptionCodeProblem(code: string): string | null {
  const digits = code.replace(/^RHP1:/i, '');
  if (digits === '') return '请输入居民手机上的 18 位数字';
  if (!/^\d+$/.test(digits)) return '抵扣码只有数字，请核对';
  if (digits.length !== 18) return `抵扣码是 18 位数字，您输入了 ${digits.length} 位`;
  return null;
}

// ── 出示码 ───────────────────────────────────────────────────────────────────────────────────────

export interface RedemptionCodeView {
  /** 18 digits, for the cashier to type. */
  code: string;
  /** "1234 5678 …" — what the screen shows. */
  codeFormatted: string;
  /** PNG data URL of the `RHP1:` payload. */
  qrDataUrl: string;
  expiresAt: string;
  /** Ask for a fresh code this long after receiving this one. */
  refreshAfterMs: number;
  availablePoints: number;
  monthlyRemainingPoints: number;
  /** What the available points are worth now (points × value per point). */
  availableValueFen: number;
  /** The most the month's allowance still lets the resident use, in fen. */
  monthlyRemainingValueFen: number;
}

export function readRedemptionCode(value: unknown): RedemptionCodeView {
  const issued = parsedNow(redemptionCodeView, value);
  return {
    code: issued.code,
    codeFormatted: issued.codeFormatted,
    qrDataUrl: issued.qrDataUrl,
    expiresAt: issued.expiresAt,
    refreshAfterMs: issued.refreshAfterMs,
    availablePoints: issued.availablePoints,
    monthlyRemainingPoints: issued.monthlyRemainingPoints,
    availableValueFen: issued.availablePoints * issued.valueFenPerPoint,
    monthlyRemainingValueFen: issued.monthlyRemainingPoints * issued.valueFenPerPoint,
  };
}

/** Whole seconds left until `deadlineMs` (never negative). */
export function secondsLeft(deadlineMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((deadlineMs - nowMs) / 1000));
}

// ── Checkouts ───────────────────────────────────────────────────────────────────────────────────

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

function checkoutViewOf(checkout: CheckoutDto): CheckoutView {
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

// ── Refunds ─────────────────────────────────────────────────────────────────────────────────────

export interface RefundView {
  refundId: string;
  refundFen: number;
  restoredPoints: number;
  /** Cash returned (WeChat Pay back to the payer, or at the counter). */
  cashFen: number;
  channelText: string;
  statusText: string;
  tone: Tone;
  createdAt: string;
}

const refundStateTexts: Record<string, { text: string; tone: Tone }> = {
  reserved: { text: '处理中', tone: 'info' },
  provider_accepted: { text: '现金退款中', tone: 'info' },
  points_restored: { text: '现金退款中', tone: 'info' },
  succeeded: { text: '已退款', tone: 'success' },
  failed: { text: '退款失败，请联系管理员', tone: 'error' },
};

function refundViewOf(refund: RefundDto): RefundView {
  const status = refundStateTexts[refund.state] ?? { text: '处理中', tone: 'info' as Tone };
  const channel = refund.cashChannel;
  return {
    refundId: refund.refundId,
    refundFen: refund.refundFen,
    restoredPoints: refund.restoredPoints,
    cashFen: refund.cashFen,
    channelText: channel === 'wechat' ? '微信原路退回' : channel === 'counter' ? '柜台退现金' : '无现金退款',
    statusText: status.text,
    tone: status.tone,
    createdAt: refund.createdAt,
  };
}

/** Pure adapter for `POST /api/checkouts/:id/refunds`: the refund and the checkout after it. */
export function readRefundResult(value: unknown): { refund: RefundView; checkout: CheckoutView } {
  const result = parsedNow(refundResultView, value);
  return { refund: refundViewOf(result.refund), checkout: checkoutViewOf(result.checkout) };
}

export interface CheckoutDetail {
  checkout: CheckoutView;
  refunds: RefundView[];
}

export function readCheckoutDetail(value: unknown): CheckoutDetail {
  const detail = parsedNow(checkoutDetailView, value);
  return { checkout: checkoutViewOf(detail.checkout), refunds: detail.refunds.map(refundViewOf) };
}

// ── Statements ──────────────────────────────────────────────────────────────────────────────────

export interface StatementView {
  statementId: string;
  periodKey: string;
  /** 2024年5月 */
  periodLabel: string;
  state: string;
  stateText: string;
  /** The pharmacy may confirm a draft. */
  canConfirm: boolean;
  capturedFen: number;
  reversedFen: number;
  adjustmentFen: number;
  statementTotalFen: number;
  capturedPoints: number;
  lineCount: number;
  paymentReference: string | null;
}

const statementStateTexts: Record<string, string> = {
  draft: '待药店确认',
  confirmed: '药店已确认，等待审核',
  approved: '已审核，等待付款',
  paid: '已付款',
};

export function periodLabelOf(periodKey: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(periodKey);
  return match ? `${match[1]}年${Number(match[2])}月` : periodKey;
}

export function readStatement(value: unknown): StatementView {
  return statementViewOf(parsedNow(statementView, value));
}

function statementViewOf(statement: StatementDto): StatementView {
  return {
    statementId: statement.statementId,
    periodKey: statement.periodKey,
    periodLabel: periodLabelOf(statement.periodKey),
    state: statement.state,
    stateText: statementStateTexts[statement.state] ?? statement.state,
    canConfirm: statement.state === 'draft',
    capturedFen: statement.capturedFen,
    reversedFen: statement.reversedFen,
    adjustmentFen: statement.adjustmentFen,
    statementTotalFen: statement.statementTotalFen,
    capturedPoints: statement.capturedPoints,
    lineCount: statement.lines.length,
    paymentReference: statement.paymentReference,
  };
}

export function readStatementList(value: unknown): StatementView[] {
  return parsedNow(statementListView, value).statements.map(statementViewOf);
}
