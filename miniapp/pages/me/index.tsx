import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { BigButton, Card, ErrorState, LoadingState, PageShell } from '../../components';
import { useResource } from '../../hooks/useResource';
import { loadAccountView } from '../../services/account';
import { logout } from '../../services/auth';
import { routes } from '../../services/navigation';
import { useElderlyMode } from '../../state/elderlyMode';
import './index.scss';

export default function MePage() {
  const { state, reload } = useResource(loadAccountView);
  const { enabled: elderly, setEnabled } = useElderlyMode();

  const onLogout = () => {
    logout();
    void Taro.reLaunch({ url: routes.login });
  };

  return (
    <PageShell title="我的" testId="page-me">
      <Card title="账号">
        {state.status === 'loading' ? <LoadingState /> : null}
        {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
        {state.status === 'ready' ? (
          <View>
            <View className="pb-me__row">
              <Text className="pb-me__label">账号编号</Text>
              <Text className="pb-me__value" data-testid="account-id" selectable>
                {state.data.accountId}
              </Text>
            </View>
            <View className="pb-me__row">
              <Text className="pb-me__label">身份</Text>
              <Text className="pb-me__value" data-testid="account-roles">
                {state.data.roleLabels.length > 0 ? state.data.roleLabels.join('、') : '居民'}
              </Text>
            </View>
          </View>
        ) : null}
      </Card>

      <Card title="显示">
        <View
          className={`pb-me__toggle ${elderly ? 'pb-me__toggle--on' : ''}`}
          data-testid="elderly-toggle"
          data-checked={elderly ? 'true' : 'false'}
          role="switch"
          aria-checked={elderly ? 'true' : 'false'}
          aria-label="长辈模式"
          onClick={() => setEnabled(!elderly)}
        >
          <View className="pb-me__toggle-text">
            <Text className="pb-me__toggle-title">长辈模式</Text>
            <Text className="pb-me__toggle-hint">字更大、颜色更清楚、按钮更好点</Text>
          </View>
          <View className="pb-me__toggle-pill">
            <Text>{elderly ? '已开启' : '已关闭'}</Text>
          </View>
        </View>
      </Card>

      <View className="pb-me__logout">
        <BigButton type="danger" testId="logout-button" onClick={onLogout}>
          退出登录
        </BigButton>
      </View>
    </PageShell>
  );
}
