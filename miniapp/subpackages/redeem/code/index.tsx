import { Image, Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import { useCallback, useRef, useState } from 'react';
import { AlertBox, BigButton, Card, ErrorState, LoadingState, PageShell, Points, Price } from '../../../components';
import { usePolling } from '../../../hooks/usePolling';
import { checkoutRoutes, withId } from '../../../services/checkoutRoutes';
import { secondsLeft } from '../../../services/checkoutCode';
import { checkoutToOpen } from '../../../services/checkoutStatus';
import { userMessageOf } from '../../../services/errors';
import { openPage } from '../../../services/navigation';
import { issueRedemptionCode, loadMyCheckouts, type CheckoutView, type RedemptionCodeView } from '../../../services/redemption';
import { useActiveProfile } from '../../../state/activeProfile';
import '../redeem.scss';

interface Issued {
  code: RedemptionCodeView;
  /** Local clock when it arrived: the refresh is timed from here (the phone's clock may be off). */
  receivedAtMs: number;
}

/**
 * 出示码: a one-time code (QR + 18 digits) the cashier scans or types, renewed automatically every
 * ~50 s (the service's `refreshAfterMs`; each code lives 60 s and a new one voids the old). Shows
 * whose points these are, the available points and what this month still allows. Meanwhile the
 * phone asks every 2 s whether the cashier has created a checkout and then opens it.
 */
export default function RedeemCodePage() {
  const profile = useActiveProfile();
  const [issued, setIssued] = useState<Issued | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [nowMs, setNowMs] = useState(Date.now());
  const [unfinished, setUnfinished] = useState<CheckoutView | null>(null);
  const issuing = useRef(false);
  const leaving = useRef(false);

  const issue = useCallback(() => {
    if (issuing.current) return;
    issuing.current = true;
    issueRedemptionCode()
      .then((code) => {
        setIssued({ code, receivedAtMs: Date.now() });
        setError(null);
      })
      .catch((cause: unknown) => {
        setIssued(null);
        setError(userMessageOf(cause));
      })
      .finally(() => {
        issuing.current = false;
      });
  }, []);

  // A fresh code every time the page comes into view (an old one may have been superseded meanwhile).
  useDidShow(() => {
    leaving.current = false;
    issue();
  });
  useDidHide(() => setIssued(null));

  // The countdown, and the refresh before the code expires.
  usePolling(
    async () => {
      const now = Date.now();
      setNowMs(now);
      if (issued && now >= issued.receivedAtMs + issued.code.refreshAfterMs) issue();
    },
    1000,
    issued !== null,
  );

  // Has the cashier scanned it? Open the checkout as soon as it exists.
  usePolling(
    async () => {
      const list = await loadMyCheckouts();
      const next = checkoutToOpen(list);
      if (next && !leaving.current) {
        leaving.current = true;
        await Taro.redirectTo({ url: withId(checkoutRoutes.redeemCheckout, next.checkoutId) }).catch(() => {
          leaving.current = false;
        });
        return;
      }
      setUnfinished(list.pending[0] ?? null);
    },
    2000,
    error === null,
  );

  const whose = profile?.relation === 'proxy' ? `${profile.name} 的积分` : '您的积分';
  const refreshInSeconds = issued ? secondsLeft(issued.receivedAtMs + issued.code.refreshAfterMs, nowMs) : 0;

  return (
    <PageShell testId="page-redeem-code">
      {error ? <ErrorState title="抵扣码没有打开" message={error} onRetry={issue} testId="redeem-code-error" /> : null}
      {!error && !issued ? <LoadingState text="正在生成抵扣码…" /> : null}
      {issued ? (
        <View>
          <View className="pb-redeem__lead">
            <Text>请把手机给收银员扫码</Text>
          </View>
          <Card testId="redeem-code-card">
            <View className="pb-redeem__qr">
              <Image className="pb-redeem__qr-image" src={issued.code.qrDataUrl} mode="aspectFit" data-testid="redeem-qr" />
            </View>
            <Text className="pb-redeem__digits-label">或把下面的数字念给收银员</Text>
            <View className="pb-redeem__digits">
              <Text data-testid="redeem-code-digits" data-code={issued.code.code}>
                {issued.code.codeFormatted}
              </Text>
            </View>
            <Text className="pb-redeem__countdown" data-testid="redeem-countdown">
              码会自动更新，不用操作（{refreshInSeconds} 秒后换新码）
            </Text>
          </Card>
          <Card title={whose} testId="redeem-allowance">
            <View className="pb-redeem__figure">
              <Text className="pb-redeem__figure-label">可用积分</Text>
              <View className="pb-redeem__figure-value">
                <Points points={issued.code.availablePoints} size="large" testId="redeem-available-points" />
                <Text className="pb-redeem__figure-note">
                  值 <Price amountFen={issued.code.availableValueFen} />
                </Text>
              </View>
            </View>
            <View className="pb-redeem__figure">
              <Text className="pb-redeem__figure-label">本月还可抵扣</Text>
              <View className="pb-redeem__figure-value">
                <Points points={issued.code.monthlyRemainingPoints} size="large" testId="redeem-monthly-remaining" />
                <Text className="pb-redeem__figure-note">
                  最多 <Price amountFen={issued.code.monthlyRemainingValueFen} />
                </Text>
              </View>
            </View>
            <Text className="pb-muted">收银员扫码后，这里会让您确认抵扣金额。不确认不会扣积分。</Text>
          </Card>
        </View>
      ) : null}
      {unfinished ? (
        <AlertBox tone="warning" title="您有一笔抵扣还没完成" message={`${unfinished.pharmacyName}：${unfinished.residentStatus}`} testId="redeem-unfinished">
          <View className="pb-stack">
            <BigButton type="secondary" testId="redeem-open-unfinished" onClick={() => openPage(withId(checkoutRoutes.redeemCheckout, unfinished.checkoutId))}>
              去处理这笔抵扣
            </BigButton>
          </View>
        </AlertBox>
      ) : null}
    </PageShell>
  );
}
