import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useRef } from 'react';
import { Card, EmptyState, ErrorState, LoadingState, PageShell, Price } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { loadPharmacyCheckouts } from '../../../services/checkout';
import { checkoutRoutes, withId } from '../../../services/checkoutRoutes';
import { formatDateTime } from '../../../services/displayTime';
import { openPage } from '../../../services/navigation';
import { loadMyPharmacy } from '../../../services/pharmacy';
import '../pharmacy.scss';

async function loadList() {
  const pharmacy = await loadMyPharmacy();
  return { pharmacy, checkouts: await loadPharmacyCheckouts(pharmacy.pharmacyId) };
}

/** 抵扣单记录: this pharmacy's checkouts, newest first; tap one for its live view (收款, 退款). */
export default function TillCheckoutListPage() {
  const { state, reload } = useResource(loadList);
  const shownBefore = useRef(false);
  useDidShow(() => {
    if (shownBefore.current) reload();
    shownBefore.current = true;
  });
  return (
    <PageShell title="抵扣单记录" testId="page-till-list" showProfile={false}>
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' ? (
        <Card title={state.data.pharmacy.name}>
          {state.data.checkouts.length === 0 ? <EmptyState title="还没有抵扣单" description="居民出示抵扣码后，在「积分抵扣收款」扫码即可" /> : null}
          {state.data.checkouts.map((checkout) => (
            <View key={checkout.checkoutId} className="pb-till__row" role="button" data-testid="till-list-row" data-checkout-id={checkout.checkoutId} onClick={() => openPage(withId(checkoutRoutes.pharmacyCheckout, checkout.checkoutId))}>
              <View className="pb-till__row-main">
                <Text className="pb-till__row-title">
                  自付 <Price amountFen={checkout.selfPaidFen} />
                </Text>
                <Text className="pb-till__row-meta">
                  {checkout.points} 积分抵扣 <Price amountFen={checkout.pointsValueFen} /> · {formatDateTime(checkout.createdAt)}
                </Text>
              </View>
              <View className="pb-till__row-side">
                <Text className={`pb-till__tag pb-till__tag--${checkout.tone}`}>{checkout.cashierStatus}</Text>
                <Text>›</Text>
              </View>
            </View>
          ))}
        </Card>
      ) : null}
    </PageShell>
  );
}
