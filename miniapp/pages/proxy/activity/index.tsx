import { Text, View } from '@tarojs/components';
import { Card, EmptyState, ErrorState, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { loadProxyActivity } from '../../../services/proxies';

/** 家人代办记录: everything a family member did with this resident's archive, newest first. */
export default function ProxyActivityPage() {
  const { state, reload } = useResource(loadProxyActivity);
  return (
    <PageShell title="家人代办记录" testId="page-proxy-activity">
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' ? (
        <Card>
          {state.data.length === 0 ? <EmptyState title="还没有代办记录" description="家人替您查看档案、记录读数、预约或抵扣积分时，都会记在这里" testId="activity-empty" /> : null}
          {state.data.map((item) => (
            <View key={item.id} className="pb-list-item" data-testid="activity-item">
              <Text className="pb-list-item__title">
                {item.who} {item.what}
              </Text>
              <Text className="pb-list-item__meta">{item.atText}</Text>
            </View>
          ))}
        </Card>
      ) : null}
    </PageShell>
  );
}
