import { Text, View } from '@tarojs/components';
import { Card, EmptyState, ErrorState, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { loadNotices } from '../../../services/proxies';

/** 通知: in-app notices about the user's own archive (e.g. a family member redeemed points). */
export default function NoticesPage() {
  const { state, reload } = useResource(() => loadNotices());
  return (
    <PageShell title="通知" testId="page-notices">
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' ? (
        <Card>
          {state.data.items.length === 0 ? <EmptyState title="暂无通知" description="家人替您用积分抵扣药费时，会在这里通知您" testId="notices-empty" /> : null}
          {state.data.items.map((notice) => (
            <View key={notice.id} className="pb-list-item" data-testid="notice-item">
              <Text className="pb-list-item__title">
                {notice.title}
                {notice.read ? null : <Text className="pb-tag pb-tag--ok">新</Text>}
              </Text>
              <Text className="pb-list-item__meta">{notice.body}</Text>
              <Text className="pb-muted">{notice.atText}</Text>
            </View>
          ))}
        </Card>
      ) : null}
    </PageShell>
  );
}
