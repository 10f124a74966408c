import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { AlertBox, BigButton, Card, PageShell } from '../../components';
import { useResource } from '../../hooks/useResource';
import { restartAt, routes } from '../../services/navigation';
import { fetchProfile, signOut, workbenchRouteOf } from '../../services/profile';

/**
 * After "不同意": a page that still works. It says what the app cannot do without the consent,
 * that nothing but the decision itself was stored, and how to change one's mind.
 */
const cannot: Record<'privacyGuide' | 'healthData', string[]> = {
  privacyGuide: ['登录后使用任何功能', '绑定健康档案', '邀请家人代办'],
  healthData: ['绑定您的健康档案', '记录和查看血压、血糖', '查看随访、检查结果和积分存折', '让家人帮您代办'],
};

export default function ConsentDeclinedPage() {
  const router = useRouter();
  const doc = router.params['doc'] === 'privacyGuide' ? 'privacyGuide' : 'healthData';
  const [leaving, setLeaving] = useState(false);
  const docName = doc === 'privacyGuide' ? '《用户隐私保护指引》' : '健康信息单独同意';
  // Staff declined their own health-data consent: their work does not need it, so they are never stuck here.
  const { state } = useResource(fetchProfile);
  const workbench = state.status === 'ready' ? workbenchRouteOf(state.data) : null;

  return (
    <PageShell title="您选择了不同意" testId="page-consent-declined" showProfile={false}>
      <AlertBox tone="info" title="我们尊重您的选择" testId="declined-explanation">
        <Text className="pb-text">
          除了记下您这次「不同意」的选择，我们没有保存您的身份证号、手机号或任何健康信息。
        </Text>
      </AlertBox>
      <Card title={`不同意${docName}，就不能：`}>
        <View className="pb-bullets">
          {cannot[doc].map((item) => (
            <Text key={item} className="pb-bullet">
              {item}
            </Text>
          ))}
        </View>
      </Card>
      <Card title="想好了随时可以改变主意">
        <Text className="pb-text">点下面的按钮重新阅读并同意。也可以带上身份证到您的签约机构，请工作人员帮您办理。</Text>
      </Card>
      <View className="pb-stack">
        {workbench ? (
          <BigButton
            type="primary"
            testId="declined-workbench"
            onClick={() => void restartAt(workbench)}
          >
            进入我的工作台
          </BigButton>
        ) : null}
        <BigButton type={workbench ? 'secondary' : 'primary'} testId="declined-reconsider" onClick={() => void restartAt(`${routes.consent}?step=${doc}`)}>
          我改主意了，重新阅读
        </BigButton>
        <BigButton
          type="secondary"
          loading={leaving}
          testId="declined-logout"
          onClick={() => {
            setLeaving(true);
            void signOut().then(() => restartAt(routes.login));
          }}
        >
          退出登录
        </BigButton>
      </View>
    </PageShell>
  );
}
