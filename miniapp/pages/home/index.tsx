import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { BigButton, Card, EmptyState, ErrorState, LoadingState, PageShell } from '../../components';
import { useResource } from '../../hooks/useResource';
import { loadHomeView } from '../../services/home';
import { useElderlyMode } from '../../state/elderlyMode';
import './index.scss';

export default function HomePage() {
  const { state, reload } = useResource(loadHomeView);
  const { enabled: elderly } = useElderlyMode();

  return (
    <PageShell testId="page-home">
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' ? (
        <View>
          <View className="pb-home__greeting" data-testid="home-greeting">
            <Text>{state.data.greeting}</Text>
          </View>

          <Card title="待办事项" testId="home-todos">
            {state.data.todos.length === 0 ? (
              <EmptyState title="暂无待办" description="需要随访、复查时会在这里提醒您" testId="home-todos-empty" />
            ) : (
              state.data.todos.map((todo) => (
                <View key={todo.id} className="pb-home__row">
                  <Text>{todo.title}</Text>
                </View>
              ))
            )}
          </Card>

          <Card title="最近读数" testId="home-readings">
            {state.data.recentReadings.length === 0 ? (
              <EmptyState title="暂无读数" description="记录血压、血糖后，最近的结果会显示在这里" testId="home-readings-empty" />
            ) : (
              state.data.recentReadings.map((reading) => (
                <View key={reading.id} className="pb-home__row">
                  <Text>{reading.label}</Text>
                  <Text>{reading.valueText}</Text>
                </View>
              ))
            )}
          </Card>

          {elderly ? null : (
            <Card title="长辈模式" testId="home-elderly-hint">
              <View className="pb-home__hint">
                <Text>字太小、按钮不好点？打开长辈模式，字更大、按钮更大。</Text>
              </View>
              <BigButton type="secondary" testId="home-elderly-hint-button" onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}>
                去「我的」打开长辈模式
              </BigButton>
            </Card>
          )}
        </View>
      ) : null}
    </PageShell>
  );
}
