import { Text, View } from '@tarojs/components';
import { Card, EmptyState, ErrorState, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { loadConsentHistory } from '../../../services/consent';

/** 授权记录: every decision on the privacy guide and the health-data consent, newest first. */
export default function ConsentHistoryPage() {
  const { state, reload } = useResource(loadConsentHistory);
  return (
    <PageShell title="授权记录" testId="page-consent-history">
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' ? (
        <Card>
          {state.data.length === 0 ? <EmptyState title="还没有授权记录" /> : null}
          {state.data.map((item) => (
            <View key={item.key} className="pb-list-item" data-testid="consent-history-item">
              <Text className="pb-list-item__title">
                {item.documentLabel}
                <Text className={`pb-tag ${item.tone === 'positive' ? 'pb-tag--ok' : 'pb-tag--off'}`}>{item.decisionLabel}</Text>
              </Text>
              <Text className="pb-list-item__meta">
                {item.atText} · 版本 {item.version}
              </Text>
            </View>
          ))}
        </Card>
      ) : null}
    </PageShell>
  );
}
