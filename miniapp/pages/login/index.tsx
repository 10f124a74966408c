import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { BigButton, Card, ElderlyToggle, ErrorState, PageShell } from '../../components';
import { loginWithWechat } from '../../services/auth';
import { userMessageOf } from '../../services/errors';
import { goHome } from '../../services/navigation';
import { continueOnboarding } from '../../services/profile';
import { hasSession } from '../../services/session';
import { useElderlyMode } from '../../state/elderlyMode';
import './index.scss';

type LoginState = { status: 'idle' } | { status: 'signing-in' } | { status: 'error'; message: string };

export default function LoginPage() {
  const [state, setState] = useState<LoginState>({ status: 'idle' });
  const { enabled: elderly, choice, setEnabled } = useElderlyMode();

  useEffect(() => {
    if (hasSession()) void goHome().catch(() => undefined);
  }, []);

  const signIn = () => {
    setState({ status: 'signing-in' });
    loginWithWechat()
      // Next: the privacy guide, the health-data consent and binding, whichever is not done yet.
      .then(() => continueOnboarding())
      .then(() => setState({ status: 'idle' }))
      .catch((error: unknown) => setState({ status: 'error', message: userMessageOf(error) }));
  };

  const signingIn = state.status === 'signing-in';
  return (
    <PageShell testId="page-login" requireSession={false} showProfile={false}>
      <View className="pb-login__brand">
        <Text className="pb-login__name">居民健康存折</Text>
        <Text className="pb-login__tagline">记录健康，积攒积分，买药可抵扣</Text>
      </View>

      {/* First launch: 长辈模式 is offered before anything else (already on when WeChat's font is large). */}
      {choice === 'unchosen' ? (
        <Card title={elderly ? '已为您放大字体' : '字太小、看不清？'} testId="login-elderly-offer">
          <Text className="pb-text">
            {elderly ? '您的微信字体较大，我们已打开长辈模式：字更大、按钮更大。' : '打开长辈模式，字更大、颜色更清楚、按钮更好点。'}
          </Text>
          <View className="pb-stack">
            <BigButton type="primary" testId="login-elderly-on" onClick={() => setEnabled(true)}>
              {elderly ? '好的，就用大字' : '打开长辈模式'}
            </BigButton>
            <BigButton type="secondary" testId="login-elderly-off" onClick={() => setEnabled(false)}>
              {elderly ? '改回标准字' : '不用，保持标准字'}
            </BigButton>
          </View>
        </Card>
      ) : (
        <Card testId="login-elderly">
          <ElderlyToggle testId="login-elderly-toggle" />
        </Card>
      )}

      <Card title="登录后会先请您确认" testId="privacy-summary">
        <View className="pb-login__privacy">
          <Text>
            1. 阅读并同意《用户隐私保护指引》；2. 单独决定是否同意我们处理您的健康信息；3. 用姓名、身份证号和手机号（或签约机构打印的绑定码）绑定您的健康档案。您可以随时在「我的」中查看和撤回授权。
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
