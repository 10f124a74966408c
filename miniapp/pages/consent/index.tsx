import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { AlertBox, BigButton, Card, ErrorState, LoadingState, PageShell } from '../../components';
import { useResource } from '../../hooks/useResource';
import { platform } from '../../platform';
import { decideConsent, loadConsentDocuments, type ConsentDocument } from '../../services/consent';
import { userMessageOf } from '../../services/errors';
import { restartAt, routes } from '../../services/navigation';
import { continueOnboarding } from '../../services/profile';

/**
 * Journey 1, steps 1 and 2 — one decision per screen:
 *   ?step=privacyGuide  the privacy guide (on weapp the agree button also records WeChat's own
 *                       privacy agreement: open-type agreePrivacyAuthorization);
 *   ?step=healthData    the separate consent for health data (PIPL Art. 29).
 */
const points: Record<ConsentDocument, string[]> = {
  privacyGuide: [
    '微信登录只用来确认是您本人。',
    '身份证号、手机号加密保存，只用于绑定您的健康档案，页面上只显示部分号码。',
    '您可以随时在「我的」查看授权记录、退出登录设备、撤回授权。',
  ],
  healthData: [
    '我们会处理：健康档案、随访和检查结果、您在家测量的血压血糖。',
    '只有您本人、您授权的家人、您的签约家庭医生团队可以查看。',
    '不同意也可以：您仍可阅读说明，之后随时可以改变主意。',
  ],
};

type Busy = null | 'accept' | 'decline';

export default function ConsentPage() {
  const router = useRouter();
  const [step, setStep] = useState<ConsentDocument>(router.params['step'] === 'healthData' ? 'healthData' : 'privacyGuide');
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);
  const { state, reload } = useResource(loadConsentDocuments);

  const decide = (decision: 'accepted' | 'declined') => {
    if (state.status !== 'ready' || busy) return;
    const document = state.data[step];
    setBusy(decision === 'accepted' ? 'accept' : 'decline');
    setError(null);
    decideConsent(document, decision)
      .then(async () => {
        if (decision === 'declined') return restartAt(`${routes.consentDeclined}?doc=${step}`);
        if (step === 'privacyGuide') {
          // weapp: make sure WeChat's own privacy agreement exists too (resolves at once if the
          // agree button already recorded it). Not fatal: only getPhoneNumber depends on it.
          await platform.requirePrivacyAuthorize().catch(() => undefined);
          setStep('healthData');
          void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
          return undefined;
        }
        return continueOnboarding();
      })
      .catch((cause: unknown) => setError(userMessageOf(cause)))
      .finally(() => setBusy(null));
  };

  const stepNumber = step === 'privacyGuide' ? 1 : 2;
  return (
    <PageShell testId={`page-consent-${step}`} showProfile={false}>
      <Text className="pb-muted" data-testid="consent-step">
        第 {stepNumber} 步，共 3 步
      </Text>
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' ? (
        <View>
          <Card title={state.data[step].title} testId="consent-document">
            <Text className="pb-text" data-testid="consent-summary">
              {state.data[step].summary}
            </Text>
            <View className="pb-bullets">
              {points[step].map((point) => (
                <Text key={point} className="pb-bullet">
                  {point}
                </Text>
              ))}
            </View>
            <Text
              className="pb-link"
             
              data-testid="consent-full-text"
              onClick={() => void Taro.navigateTo({ url: `${routes.privacyText}?doc=${step}` }).catch(() => undefined)}
            >
              阅读完整内容（版本 {state.data[step].version}）
            </Text>
          </Card>
          {error ? <AlertBox tone="error" title="没有保存成功" message={error} testId="consent-error" /> : null}
          <View className="pb-stack">
            <BigButton
              type="primary"
              loading={busy === 'accept'}
              openType={step === 'privacyGuide' ? platform.privacyAgreeOpenType : undefined}
              testId="consent-accept"
              onClick={() => decide('accepted')}
            >
              {step === 'privacyGuide' ? '同意并继续' : '同意处理我的健康信息'}
            </BigButton>
            <BigButton type="secondary" loading={busy === 'decline'} testId="consent-decline" onClick={() => decide('declined')}>
              不同意
            </BigButton>
          </View>
        </View>
      ) : null}
    </PageShell>
  );
}
