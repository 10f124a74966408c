import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { BigButton, Card, ErrorState, PageShell } from '../../components';
import { loginWithWechat } from '../../services/auth';
import { userMessageOf } from '../../services/errors';
import { goHome } from '../../services/navigation';
import { hasSession } from '../../services/session';
import './index.scss';

type LoginState = { status: 'idle' } | { status: 'signing-in' } | { status: 'error'; message: string };

export default function LoginPage() {
  const [state, setState] = useState<LoginState>({ status: 'idle' });

  useEffect(() => {
    if (hasSession()) void goHome().catch(() => undefined);
  }, []);

  const signIn = () => {
    setState({ status: 'signing-in' });
    loginWithWechat()
      .then(() => goHome())
      .then(() => setState({ status: 'idle' }))
      .catch((error: unknown) => setState({ status: 'error', message: userMessageOf(error) }));
  };

  const signingIn = state.status === 'signing-in';
  return (
    <PageShell testId="page-login" requireSession={false}>
      <View className="pb-login__brand">
        <Text className="pb-login__name">居民健康存折</Text>
        <Text className="pb-login__tagline">记录健康，积攒积分，买药可抵扣</Text>
      </View>

      <Card title="隐私说明" testId="privacy-summary">
        <View className="pb-login__privacy">
          <Text>
            我们只在为您提供健康管理服务时使用您的信息：微信登录用于确认是您本人；血压、血糖等健康信息须经您另行单独同意后才会收集，仅您本人、您授权的家属和您的家庭医生团队可以查看。您可以随时撤回同意。（完整的《用户隐私保护指引》和《健康信息单独同意书》即将上线。）
          </Text>
        </View>
      </Card>

      {state.status === 'error' ? (
        <View className="pb-login__error">
          <ErrorState title="登录没有成功" message={state.message} onRetry={signIn} testId="login-error" />
        </View>
      ) : (
        <View className="pb-login__action">
          <BigButton type="primary" loading={signingIn} testId="login-button" onClick={signIn}>
            {signingIn ? '正在登录…' : '微信一键登录'}
          </BigButton>
        </View>
      )}
    </PageShell>
  );
}
