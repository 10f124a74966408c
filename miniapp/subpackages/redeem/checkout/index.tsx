import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { AlertBox, BigButton, BillLines, Card, ErrorState, LoadingState, PageShell, Price, type BillLine } from '../../../components';
import { useLiveView } from '../../../hooks/useLiveView';
import { usePolling } from '../../../hooks/usePolling';
import { platform } from '../../../platform';
import { checkoutRoutes } from '../../../services/checkoutRoutes';
import { userMessageOf } from '../../../services/errors';
import { confirmCheckout, declineCheckout, loadMyCheckout, startWechatPayment, type CheckoutView } from '../../../services/redemption';
import { useActiveProfile } from '../../../state/activeProfile';
import '../redeem.scss';

type Busy = 'confirm' | 'decline' | 'wechat' | null;

function offerLines(c: CheckoutView): BillLine[] {
  const lines: BillLine[] = [{ label: '本次药费', amountFen: c.totalFen, testId: 'redeem-total' }];
  if (c.insuranceFen > 0) lines.push({ label: '其中医保已付', amountFen: c.insuranceFen, testId: 'redeem-insurance' });
  lines.push({ label: '个人自付', amountFen: c.selfPaidFen, testId: 'redeem-self-paid' });
  lines.push({ label: '积分抵扣', note: `用 ${c.points} 积分`, amountFen: -c.pointsValueFen, testId: 'redeem-points-value' });
  lines.push({ label: '还需支付', amountFen: c.remainderFen, strong: true, testId: 'redeem-remainder' });
  return lines;
}

/**
 * One checkout on the resident's phone, one decision per screen as its state moves on (polled
 * every 2 s): 确认抵扣 / 不用了 → pay the rest by WeChat Pay or at the counter → 抵扣成功 / 已取消.
 * A family member with `redeem` sees the same for the resident they act for (banner + wording).
 */
export default function RedeemCheckoutPage() {
  const router = useRouter();
  const checkoutId = router.params['id'] ?? '';
  const profile = useActiveProfile();
  const { view: checkout, setView: setCheckout, loadError, refresh } = useLiveView(loadMyCheckout, checkoutId);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [atCounter, setAtCounter] = useState(false);

  const waiting = checkout !== null && (checkout.phase === 'confirm' || checkout.phase === 'pay' || checkout.phase === 'working' || checkout.refundInProgress);
  usePolling(refresh, 2000, waiting && busy === null);

  const act = (kind: Exclude<Busy, null>, run: () => Promise<CheckoutView | void>) => {
    setBusy(kind);
    setActionError(null);
    run()
      .then((next) => {
        if (next) setCheckout(next);
      })
      .catch((cause: unknown) => {
        setActionError(userMessageOf(cause));
        void refresh();
      })
      .finally(() => setBusy(null));
  };

  const payWithWechat = () =>
    act('wechat', async () => {
      const params = await startWechatPayment(checkoutId);
      // Resolves once WeChat says paid; the service then captures the points (the poll shows it).
      await platform.requestPayment(params);
      await refresh();
    });

  const backToPassbook = () => void Taro.switchTab({ url: checkoutRoutes.passbook }).catch(() => undefined);
  const whose = profile?.relation === 'proxy' ? `${profile.name} 的` : '您的';

  if (!checkout) {
    return (
      <PageShell testId="page-redeem-loading">
        {loadError ? <ErrorState message={loadError} onRetry={() => void refresh()} testId="redeem-load-error" /> : <LoadingState />}
      </PageShell>
    );
  }

  const errorBox = actionError ? (
    <AlertBox tone="error" title="没有办成" message={checkout.phase === 'pay' ? `${actionError}。您可以重新支付，或在柜台付款。` : actionError} testId="redeem-action-error" />
  ) : null;

  if (checkout.phase === 'confirm') {
    return (
      <PageShell title="用积分抵扣药费吗？" testId="page-redeem-confirm">
        <Card title={checkout.pharmacyName} testId="redeem-offer">
          <BillLines lines={offerLines(checkout)} testId="redeem-offer-lines" />
          {checkout.limitText ? <Text className="pb-muted">{checkout.limitText}</Text> : null}
        </Card>
        {profile?.relation === 'proxy' ? (
          <AlertBox tone="info" message={`将使用 ${profile.name} 的 ${checkout.points} 积分，${profile.name} 会收到通知。`} testId="redeem-proxy-note" />
        ) : null}
        {errorBox}
        <View className="pb-stack">
          <BigButton type="primary" loading={busy === 'confirm'} disabled={busy === 'decline'} testId="redeem-confirm" onClick={() => act('confirm', () => confirmCheckout(checkoutId))}>
            确认抵扣
          </BigButton>
          <BigButton type="secondary" loading={busy === 'decline'} disabled={busy === 'confirm'} testId="redeem-decline" onClick={() => act('decline', () => declineCheckout(checkoutId))}>
            不用了，不抵扣
          </BigButton>
        </View>
      </PageShell>
    );
  }

  if (checkout.phase === 'pay') {
    return (
      <PageShell title="还需支付" testId="page-redeem-pay">
        <Card testId="redeem-pay-card">
          <View className="pb-redeem__due">
            <Price amountFen={checkout.remainderFen} size="large" testId="redeem-pay-amount" className="pb-redeem__due-amount" />
          </View>
          <Text className="pb-text">
            {whose} {checkout.points} 积分已抵扣 <Price amountFen={checkout.pointsValueFen} />。
          </Text>
          <Text className="pb-muted">15 分钟内没有付款，这笔抵扣会自动取消，积分退回。</Text>
        </Card>
        {errorBox}
        {atCounter ? (
          <View>
            <AlertBox tone="info" title="请在柜台付款" testId="redeem-counter-note">
              <Text className="pb-text">
                请把 <Price amountFen={checkout.remainderFen} /> 交给收银员。收银员确认收款后，这里会显示「抵扣成功」。
              </Text>
            </AlertBox>
            <View className="pb-stack">
              <BigButton type="secondary" testId="redeem-use-wechat" onClick={() => setAtCounter(false)}>
                改用微信支付
              </BigButton>
            </View>
          </View>
        ) : (
          <View className="pb-stack">
            <BigButton type="primary" loading={busy === 'wechat'} testId="redeem-pay-wechat" onClick={payWithWechat}>
              微信支付
            </BigButton>
            <BigButton type="secondary" disabled={busy === 'wechat'} testId="redeem-pay-counter" onClick={() => setAtCounter(true)}>
              在柜台付款
            </BigButton>
          </View>
        )}
      </PageShell>
    );
  }

  if (checkout.phase === 'working') {
    return (
      <PageShell testId="page-redeem-working">
        <LoadingState text={checkout.residentStatus} testId="redeem-working" />
      </PageShell>
    );
  }

  if (checkout.phase === 'done') {
    const lines: BillLine[] = [
      { label: '个人自付', amountFen: checkout.selfPaidFen, testId: 'redeem-done-self-paid' },
      { label: '积分抵扣', note: `用了 ${checkout.points} 积分`, amountFen: -checkout.pointsValueFen, testId: 'redeem-done-points-value' },
    ];
    if (checkout.wechatPaidFen > 0) lines.push({ label: '微信支付', amountFen: checkout.wechatPaidFen, testId: 'redeem-done-wechat' });
    if (checkout.counterPaidFen > 0) lines.push({ label: '柜台付款', amountFen: checkout.counterPaidFen, testId: 'redeem-done-counter' });
    if (checkout.refundedFen > 0) lines.push({ label: '已退款', note: `退回 ${checkout.refundedPoints} 积分`, amountFen: checkout.refundedFen, strong: true, testId: 'redeem-done-refunded' });
    return (
      <PageShell testId="page-redeem-done">
        <AlertBox tone="success" title={checkout.residentStatus} message={`${checkout.pharmacyName}，可以拿药了`} testId="redeem-done" />
        <Card testId="redeem-done-card">
          <BillLines lines={lines} />
        </Card>
        <View className="pb-stack">
          <BigButton type="primary" testId="redeem-finish" onClick={backToPassbook}>
            完成
          </BigButton>
        </View>
      </PageShell>
    );
  }

  return (
    <PageShell title={checkout.residentStatus} testId="page-redeem-cancelled">
      <AlertBox tone="warning" title="积分没有扣除" message={checkout.cancelText ?? '这笔抵扣单已取消'} testId="redeem-cancelled" />
      <Text className="pb-text">如需抵扣，请重新出示抵扣码给收银员扫。</Text>
      <View className="pb-stack">
        <BigButton type="primary" testId="redeem-show-code-again" onClick={() => void Taro.redirectTo({ url: checkoutRoutes.redeemCode }).catch(() => undefined)}>
          重新出示抵扣码
        </BigButton>
        <BigButton type="secondary" testId="redeem-back" onClick={backToPassbook}>
          返回存折
        </BigButton>
      </View>
    </PageShell>
  );
}
