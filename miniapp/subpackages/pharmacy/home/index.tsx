import { Text, View } from '@tarojs/components';
import { BigButton, Card, ErrorState, LoadingState, NavRow, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { checkoutRoutes } from '../../../services/checkoutRoutes';
import { openPage } from '../../../services/navigation';
import { loadMyPharmacy } from '../../../services/pharmacy';
import '../pharmacy.scss';

/** 药店模式 home: which pharmacy, one big button for the next customer, then the records. */
export default function PharmacyHomePage() {
  const { state, reload } = useResource(loadMyPharmacy);
  return (
    <PageShell title="药店收银" testId="page-pharmacy-home" showProfile={false}>
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} testId="pharmacy-error" /> : null}
      {state.status === 'ready' ? (
        <View>
          <Card testId="pharmacy-card">
            <Text className="pb-till__row-title" data-testid="pharmacy-name">
              {state.data.name}
            </Text>
            {state.data.address ? <Text className="pb-muted">{state.data.address}</Text> : null}
          </Card>
          <View className="pb-stack">
            <BigButton type="primary" testId="pharmacy-new-checkout" onClick={() => openPage(checkoutRoutes.pharmacyNew)}>
              积分抵扣收款
            </BigButton>
          </View>
          <Card>
            <NavRow title="抵扣单记录" description="查看状态、柜台收款、退款" testId="pharmacy-checkouts" onClick={() => openPage(checkoutRoutes.pharmacyCheckouts)} />
            <NavRow title="月度结算单" description="核对并确认，导出 CSV" testId="pharmacy-statements" onClick={() => openPage(checkoutRoutes.pharmacyStatements)} />
          </Card>
        </View>
      ) : null}
    </PageShell>
  );
}
