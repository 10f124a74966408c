import { Text, View } from '@tarojs/components';
import { useEffect } from 'react';
import { Card, EmptyState, ErrorState, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { loadReminders, markRemindersRead } from '../../../services/followups';
import { openPage } from '../../../services/navigation';
import { recordsRoutes } from '../../../services/recordsRoutes';
import '../followup.scss';

/**
 * 提醒: what is planned for booked visits (明天有预约 …, with when it will come), then every reminder
 * sent (booking, due items, doses), including those WeChat could not deliver.
 */
export default function RemindersPage() {
  const { state, reload } = useResource(loadReminders);
  const unread = state.status === 'ready' ? state.data.unreadCount : 0;
  useEffect(() => {
    if (unread > 0) void markRemindersRead().catch(() => undefined);
  }, [unread]);
  return (
    <PageShell title="提醒" testId="page-reminders">
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' && state.data.reminders.length === 0 && state.data.upcoming.length === 0 ? <EmptyState title="暂时没有提醒" testId="reminders-empty" /> : null}
      {state.status === 'ready' && state.data.upcoming.length > 0 ? (
        <Card title="将要提醒" testId="reminders-upcoming">
          {state.data.upcoming.map((u) => (
            <View key={u.key} className="pb-list-item" data-testid="reminder-upcoming">
              <Text className="pb-list-item__title">{u.title}</Text>
              <Text className="pb-text">{u.body}</Text>
              <Text className="pb-list-item__meta">{u.whenText}</Text>
            </View>
          ))}
        </Card>
      ) : null}
      {state.status === 'ready' && state.data.reminders.length > 0 ? (
        <Card title="已收到">
          {state.data.reminders.map((r) => (
            <View key={r.reminderId} className="pb-list-item" data-testid="reminder-item" data-read={r.read ? 'true' : 'false'} onClick={r.opensMedication ? () => openPage(recordsRoutes.medicationToday) : undefined}>
              <Text className="pb-list-item__title">
                {r.title}
                {r.read ? null : <Text className="pb-tag pb-tag--ok">新</Text>}
              </Text>
              <Text className="pb-text">{r.body}</Text>
              <Text className="pb-list-item__meta">{r.timeText}</Text>
              {r.opensMedication ? <Text className="pb-text">点这里去记录吃药 ›</Text> : null}
            </View>
          ))}
        </Card>
      ) : null}
    </PageShell>
  );
}
