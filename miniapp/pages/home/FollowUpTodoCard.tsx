import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { BigButton, Card, EmptyState } from '../../components';
import { userMessageOf } from '../../services/errors';
import { followupRoutes, loadDueCard, type DueCardView } from '../../services/followups';
import { openPage } from '../../services/navigation';
import { possessiveOf, useActiveProfile } from '../../state/activeProfile';

/** How many to-dos 首页 shows before 还有 N 项待办. */
const shownFirst = 4;

export interface FollowUpTodoCardProps {
  /** Changes whenever 首页 reloads (a new view object), so the card reloads with it. */
  refreshToken: unknown;
  /** Family members without `book` see the items but not the 预约 button. */
  canBook: boolean;
}

/**
 * 首页 「待办事项」: the next due items in plain Chinese with their due date (overdue in red) and a
 * one-tap 预约, a badge with unread reminders, and links to 我的预约 and 随访记录.
 */
export function FollowUpTodoCard(props: FollowUpTodoCardProps) {
  const { refreshToken, canBook } = props;
  const [showAll, setShowAll] = useState(false);
  const [state, setState] = useState<{ status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: DueCardView }>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    loadDueCard()
      .then((data) => live && setState({ status: 'ready', data }))
      .catch((error: unknown) => live && setState({ status: 'error', message: userMessageOf(error) }));
    return () => {
      live = false;
    };
  }, [refreshToken]);

  const unread = state.status === 'ready' ? state.data.unreadReminders : 0;
  const profile = useActiveProfile();
  return (
    <Card
      title="待办事项"
      testId="home-todos"
      extra={
        <View className="pb-home__todo-extra" onClick={() => openPage(followupRoutes.reminders)} data-testid="home-reminders-link">
          <Text className="pb-link">提醒</Text>
          {unread > 0 ? (
            <Text className="pb-home__badge" data-testid="home-reminders-badge">
              {unread}
            </Text>
          ) : null}
        </View>
      }
    >
      {state.status === 'loading' ? <Text className="pb-muted">正在读取待办…</Text> : null}
      {state.status === 'error' ? <Text className="pb-muted">{state.message}</Text> : null}
      {state.status === 'ready' && state.data.items.length === 0 ? (
        <EmptyState title="暂无待办" description="需要随访、复查时会在这里提醒您" testId="home-todos-empty" />
      ) : null}
      {state.status === 'ready'
        ? (showAll ? state.data.items : state.data.items.slice(0, shownFirst)).map((item) => (
            <View key={item.key} className="pb-home__todo" data-testid="home-todo" data-key={item.key}>
              <View className="pb-home__todo-text">
                <Text className="pb-strong">{item.kindLabel}</Text>
                <Text className={item.overdue ? 'pb-home__todo-due pb-home__todo-due--overdue' : 'pb-home__todo-due'}>{item.dueByText}</Text>
                {item.referral ? <Text className="pb-home__todo-due pb-home__todo-due--overdue">医生建议转诊，请尽快联系团队</Text> : null}
                {item.bookedText ? <Text className="pb-muted">{item.bookedText}</Text> : null}
              </View>
              {item.bookable && canBook ? (
                <BigButton type="primary" className="pb-home__todo-button" testId="home-todo-book" onClick={() => openPage(`${followupRoutes.book}?key=${encodeURIComponent(item.key)}`)}>
                  预约
                </BigButton>
              ) : null}
            </View>
          ))
        : null}
      {state.status === 'ready' && state.data.items.length > shownFirst ? (
        // Every to-do is reachable: the rest open in place, and fold away again.
        <Text className="pb-link" data-testid="home-todos-more" onClick={() => setShowAll(!showAll)}>
          {showAll ? '收起' : `还有 ${state.data.items.length - shownFirst} 项待办，点此查看`}
        </Text>
      ) : null}
      <View className="pb-home__todo-links">
        <Text className="pb-link" data-testid="home-my-bookings" onClick={() => openPage(followupRoutes.bookings)}>
          {possessiveOf(profile)}预约
        </Text>
        <Text className="pb-link" data-testid="home-follow-up-history" onClick={() => openPage(followupRoutes.history)}>
          随访记录
        </Text>
      </View>
    </Card>
  );
}

export default FollowUpTodoCard;
