import { Text, View } from '@tarojs/components';
import { Card, EmptyState, ErrorState, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { loadProxyActivity } from '../../../services/proxies';

/**
 * 家人代办记录: what family members did with this resident's archive, one card a day, one line a
 * relative ("女儿  查看了健康记录 6 次、记录了自测数据"), newest first.
 */
export default function ProxyActivityPage() {
  const { state, reload } = useResource(() => loadProxyActivity());
  return (
    <PageShell title="家人代办记录" testId="page-proxy-activity">
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' && state.data.length === 0 ? (
        <Card>
          <EmptyState title="还没有代办记录" description="家人替您查看档案、记录读数、预约或抵扣积分时，都会记在这里" testId="activity-empty" />
        </Card>
      ) : null}
      {state.status === 'ready'
        ? state.data.map((day) => (
            <Card key={day.day} title={day.dayText} testId="activity-day">
              {day.people.map((person) => (
                <View key={person.key} className="pb-list-item" data-testid="activity-item">
                  <Text className="pb-list-item__title">{person.who}</Text>
                  <Text className="pb-list-item__meta" data-testid="activity-item-summary">
                    {person.summary}
                  </Text>
                  <Text className="pb-muted">{person.timeText}</Text>
                </View>
              ))}
            </Card>
          ))
        : null}
      <Text className="pb-muted">只记录最近90天。您可以在「我的 → 代办关系」随时解除代办。</Text>
    </PageShell>
  );
}
