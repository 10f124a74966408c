import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { AlertBox, BigButton, BillLines, Card, ConfirmDialog, ErrorState, LoadingState, NumberPad, PageShell, Price, type BillLine, type NumberPadKey } from '../../../components';
import { useLiveView } from '../../../hooks/useLiveView';
import { usePolling } from '../../../hooks/usePolling';
import { formatDateTime } from '../../../services/displayTime';
import { cancelCheckout, loadCheckoutDetail, markCounterPaid, newRefundKey, refundCheckout, type CheckoutView } from '../../../services/checkout';
import { checkoutRoutes } from '../../../services/checkoutRoutes';
import { applyYuanKey, parseYuanToFen } from '../../../services/checkoutKeypad';
import { userMessageOf } from '../../../services/errors';
import { AmountField } from '../new/AmountField';
import '../pharmacy.scss';

type Dialog = 'counter' | 'cancel' | 'refund' | null;

function amountLines(c: CheckoutView): BillLine[] {
  const lines: BillLine[] = [
    { label: '总金额', amountFen: c.totalFen, testId: 'till-total' },
    { label: '个人自付', amountFen: c.selfPaidFen, testId: 'till-self-paid' },
    { label: '积分抵扣', note: `${c.points} 积分${c.state === 'awaiting_confirmation' ? '（最多）' : ''}`, amountFen: -c.pointsValueFen, testId: 'till-points-value' },
  ];
  if (c.wechatPaidFen > 0) lines.push({ label: '微信已付', amountFen: c.wechatPaidFen, testId: 'till-wechat-paid' });
  if (c.counterPaidFen > 0) lines.push({ label: '柜台已收', amountFen: c.counterPaidFen, testId: 'till-counter-paid' });
  if (c.refundedFen > 0) lines.push({ label: '已退款', note: `退回 ${c.refundedPoints} 积分`, amountFen: c.refundedFen, testId: 'till-refunded' });
  if (c.state !== 'completed' && c.state !== 'cancelled') lines.push({ label: '还需收款', amountFen: c.remainderFen, strong: true, testId: 'till-remainder' });
  return lines;
}

/**
 * The till's live view of one checkout, polled every 2 s: 等待居民确认 → 等待支付 → 已完成 / 已取消,
 * with the one action each state allows (柜台收款, 取消, 退款 — full or partial).
 */
export default function TillCheckoutPage() {
  const router = useRouter();
  const checkoutId = router.params['id'] ?? '';
  const { view: detail, loadError, refresh } = useLiveView(loadCheckoutDetail, checkoutId);
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [refunding, setRefunding] = useState(false);
  const [refundText, setRefundText] = useState('');
  const [refundError, setRefundError] = useState<string | null>(null);
  const [refundFen, setRefundFen] = useState(0);
  const refundKey = useRef<string | null>(null);

  const checkout = detail?.checkout ?? null;
  const live = checkout !== null && (checkout.state !== 'completed' && checkout.state !== 'cancelled' ? true : checkout.refundInProgress || (detail?.refunds.some((r) => r.tone === 'info') ?? false));
  usePolling(refresh, 2000, live && !busy);

  const run = (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setActionError(null);
    setNotice(null);
    work()
      .then(() => {
        setNotice(done);
        setDialog(null);
        setRefunding(false);
        refundKey.current = null;
        return refresh();
      })
      .catch((cause: unknown) => {
        setActionError(userMessageOf(cause));
        setDialog(null);
        void refresh();
      })
      .finally(() => setBusy(false));
  };

  const askRefund = (fen: number) => {
    if (!refundKey.current) refundKey.current = newRefundKey();
    setRefundFen(fen);
    setDialog('refund');
  };

  const askPartialRefund = () => {
    if (!checkout) return;
    const parsed = parseYuanToFen(refundText);
    if (!parsed.ok) return setRefundError(parsed.message);
    if (parsed.fen === 0) return setRefundError('退款金额不能为 0');
    if (parsed.fen > checkout.refundableFen) return setRefundError('超过了可退金额');
    setRefundError(null);
    askRefund(parsed.fen);
  };

  const nextCustomer = () => void Taro.redirectTo({ url: checkoutRoutes.pharmacyNew }).catch(() => undefined);

  if (!checkout || !detail) {
    return (
      <PageShell testId="page-till-loading" showProfile={false}>
        {loadError ? <ErrorState message={loadError} onRetry={() => void refresh()} /> : <LoadingState />}
      </PageShell>
    );
  }

  return (
    <PageShell testId="page-till-checkout" showProfile={false}>
      <View className={`pb-till__band pb-till__band--${checkout.tone}`} data-testid="till-state" data-state={checkout.state}>
        <Text className="pb-till__status" data-testid="till-status">
          {checkout.cashierStatus}
        </Text>
        <Text className="pb-till__hint">{checkout.cashierHint}</Text>
        {checkout.cancelText ? <Text className="pb-till__hint" data-testid="till-cancel-reason">原因：{checkout.cancelText}</Text> : null}
      </View>
      {loadError ? <AlertBox tone="warning" message={`状态没有刷新：${loadError}`} testId="till-refresh-error" /> : null}
      {checkout.problemText ? <AlertBox tone="error" message={checkout.problemText} testId="till-problem" /> : null}
      {actionError ? <AlertBox tone="error" title="没有办成" message={actionError} testId="till-action-error" /> : null}
      {notice ? <AlertBox tone="success" message={notice} testId="till-notice" /> : null}

      <Card testId="till-amounts">
        <BillLines lines={amountLines(checkout)} testId="till-lines" />
        {checkout.confirmedByProxy ? <Text className="pb-muted">由居民的家人代为确认</Text> : null}
      </Card>

      {checkout.state === 'awaiting_payment' ? (
        <View className="pb-stack">
          <BigButton type="primary" testId="till-counter-paid" onClick={() => setDialog('counter')}>
            已在柜台收款 <Price amountFen={checkout.remainderFen} />
          </BigButton>
        </View>
      ) : null}

      {checkout.state === 'completed' && checkout.refundableFen > 0 && !refunding ? (
        <View className="pb-stack">
          <BigButton type="primary" testId="till-next" onClick={nextCustomer}>
            下一位顾客
          </BigButton>
          <BigButton type="secondary" disabled={checkout.refundInProgress} testId="till-refund" onClick={() => setRefunding(true)}>
            退款
          </BigButton>
        </View>
      ) : null}

      {refunding ? (
        <Card title="退款" testId="till-refund-panel">
          <Text className="pb-text">
            最多可退 <Price amountFen={checkout.refundableFen} testId="till-refundable" />，积分按比例退回居民，微信支付部分原路退回。
          </Text>
          <BigButton type="danger" testId="till-refund-full" onClick={() => askRefund(checkout.refundableFen)}>
            全额退款 <Price amountFen={checkout.refundableFen} />
          </BigButton>
          <View className="pb-stack">
            <AmountField label="部分退款金额" text={refundText} active error={refundError} testId="till-refund-amount" onSelect={() => undefined} />
            <NumberPad allowDecimal testId="refund-pad" onKey={(key: NumberPadKey) => setRefundText((text) => applyYuanKey(text, key))} />
            <BigButton type="secondary" testId="till-refund-partial" onClick={askPartialRefund}>
              按输入金额退款
            </BigButton>
            <BigButton type="secondary" testId="till-refund-close" onClick={() => setRefunding(false)}>
              不退了
            </BigButton>
          </View>
        </Card>
      ) : null}

      {detail.refunds.length > 0 ? (
        <Card title="退款记录" testId="till-refunds">
          {detail.refunds.map((refund) => (
            <View key={refund.refundId} className="pb-till__row" data-testid="till-refund-row">
              <View className="pb-till__row-main">
                <Text className="pb-till__row-title">
                  退款 <Price amountFen={refund.refundFen} />
                  {refund.createdAt ? <Text className="pb-till__row-meta"> · {formatDateTime(refund.createdAt)}</Text> : null}
                </Text>
                {/* The split of every refund: the cash back to the payer and the points back to the resident. */}
                <Text className="pb-till__row-meta" data-testid="till-refund-cash">
                  退回现金 <Price amountFen={refund.cashFen} />（{refund.channelText}）
                </Text>
                <Text className="pb-till__row-meta" data-testid="till-refund-points">
                  退回 {refund.restoredPoints} 积分（抵 <Price amountFen={refund.refundFen - refund.cashFen} />）
                </Text>
              </View>
              <Text className={`pb-till__tag pb-till__tag--${refund.tone}`}>{refund.statusText}</Text>
            </View>
          ))}
        </Card>
      ) : null}

      {checkout.state === 'awaiting_confirmation' || checkout.state === 'awaiting_payment' ? (
        <View className="pb-stack">
          <BigButton type="secondary" testId="till-cancel" onClick={() => setDialog('cancel')}>
            取消这笔单
          </BigButton>
        </View>
      ) : null}

      {checkout.state === 'cancelled' || (checkout.state === 'completed' && (checkout.refundableFen === 0 || refunding)) ? (
        <View className="pb-stack">
          <BigButton type={checkout.state === 'cancelled' ? 'primary' : 'secondary'} testId="till-next" onClick={nextCustomer}>
            {checkout.state === 'cancelled' ? '重新扫码' : '下一位顾客'}
          </BigButton>
        </View>
      ) : null}

      <ConfirmDialog
        visible={dialog === 'counter'}
        title="确认已在柜台收款？"
        confirmText="已收款"
        cancelText="还没收"
        loading={busy}
        testId="till-counter-confirm"
        onCancel={() => setDialog(null)}
        onConfirm={() => run(() => markCounterPaid(checkoutId, checkout.remainderFen), '已记录柜台收款')}
      >
        <Text className="pb-text">
          请确认已收到 <Price amountFen={checkout.remainderFen} size="large" />（现金、银行卡或医保个人账户）。
        </Text>
      </ConfirmDialog>
      <ConfirmDialog
        visible={dialog === 'cancel'}
        title="取消这笔抵扣单？"
        confirmText="取消这笔单"
        cancelText="不取消"
        danger
        loading={busy}
        testId="till-cancel-confirm"
        onCancel={() => setDialog(null)}
        onConfirm={() => run(() => cancelCheckout(checkoutId), '已取消，居民的积分已退回')}
      >
        <Text className="pb-text">居民冻结的积分会退回，已下的微信订单会关闭。</Text>
      </ConfirmDialog>
      <ConfirmDialog
        visible={dialog === 'refund'}
        title="确认退款？"
        confirmText="确认退款"
        cancelText="不退了"
        danger
        loading={busy}
        testId="till-refund-confirm"
        onCancel={() => setDialog(null)}
        onConfirm={() => run(() => refundCheckout(checkoutId, refundFen, refundKey.current ?? newRefundKey()), '退款已提交，积分已按比例退回')}
      >
        <Text className="pb-text">
          退款 <Price amountFen={refundFen} size="large" testId="till-refund-confirm-amount" />
        </Text>
        <Text className="pb-text">退款后不能撤销。</Text>
      </ConfirmDialog>
    </PageShell>
  );
}
