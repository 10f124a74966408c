import { checkoutDetailView, refundResultView, type RefundDto } from '../../shared/api/checkout';
import { parsedNow } from './apiSchema';
import { checkoutViewOf, type CheckoutView, type Tone } from './checkoutStatus';

/** 抵扣, after payment: refunds as the cashier sees them, and a checkout with its refunds. Pure. */
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
