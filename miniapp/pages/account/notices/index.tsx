import { Text, View } from '@tarojs/components';
import { useEffect } from 'react';
import { Card, EmptyState, ErrorState, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { loadFamilyNotices, markFamilyNoticesRead } from '../../../services/careLoop';
import { loadNotices } from '../../../services/proxies';
import { getActiveProfile } from '../../../state/activeProfile';

interface NoticeList {
  title: string;
  emptyText: string;
  items: Array<{ id: string; title: string; body: string; atText: string; read: boolean }>;
  markRead: (() => Promise<unknown>) | null;
}

/**
 * 通知. On the user's own archive: notices about it (e.g. a family member redeemed points). On a
 * relative's screen looking at a resident: the notices about that resident (urgent readings, the
 * doctor's acknowledgement and note, weekly summaries), marked read once seen.
 */
async function loadList(): Promise<NoticeList> {
  const active = getActiveProfile();
  if (active?.relation === 'proxy') {
    const family = await loadFamilyNotices(active);
    return {
      title: `${active.name}的健康通知`,
      emptyText: `${active.name}测出紧急数值、医生处理完毕或每周小结送达时，会在这里通知您`,
      items: family.items,
      markRead: family.unreadCount > 0 ? () => markFamilyNoticesRead(active) : null,
    };
  }
  const own = await loadNotices();
  return { title: '通知', emptyText: '家人替您用积分抵扣药费时，会在这里通知您', items: own.items, markRead: null };
}

export default function NoticesPage() {
  const { state, reload } = useResource(loadList);
  const markRead = state.status === 'ready' ? state.data.markRead : null;
  useEffect(() => {
    if (markRead) void markRead().catch(() => undefined);
  }, [markRead]);
  return (
    <PageShell title={state.status === 'ready' ? state.data.title : '通知'} testId="page-notices">
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' ? (
        <Card>
          {state.data.items.length === 0 ? <EmptyState title="暂无通知" description={state.data.emptyText} testId="notices-empty" /> : null}
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
