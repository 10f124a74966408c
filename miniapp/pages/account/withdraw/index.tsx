import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { AlertBox, BigButton, Card, ConfirmDialog, PageShell } from '../../../components';
import { withdrawAllConsent } from '../../../services/consent';
import { userMessageOf } from '../../../services/errors';
import { restartAt, routes } from '../../../services/navigation';

/** 撤回授权: what it means, a confirmation, then the account is deactivated. */
export default function WithdrawPage() {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const withdraw = () => {
    setBusy(true);
    setError(null);
    withdrawAllConsent()
      .then(() => setDone(true))
      .catch((cause: unknown) => setError(userMessageOf(cause)))
      .finally(() => {
        setBusy(false);
        setConfirming(false);
      });
  };

  if (done) {
    return (
      <PageShell title="已撤回授权" testId="page-withdraw-done" requireSession={false} showProfile={false}>
        <AlertBox tone="success" title="已撤回" message="您的账号已停用，所有设备已退出登录，家人代办关系已解除。健康档案仍由签约机构保存。" />
        <Text className="pb-text">以后想再使用，重新用微信登录并同意即可。</Text>
        <View className="pb-stack">
          <BigButton type="primary" testId="withdraw-to-login" onClick={() => void restartAt(routes.login)}>
            返回登录页
          </BigButton>
        </View>
      </PageShell>
    );
  }

  return (
    <PageShell title="撤回授权" testId="page-withdraw">
      <Card title="撤回后会怎样">
        <View className="pb-bullets">
          <Text className="pb-bullet">您的账号会停用，所有手机上的登录立即失效。</Text>
          <Text className="pb-bullet">您邀请的家人、您代办的家人，代办关系都会解除。</Text>
          <Text className="pb-bullet">不能再在小程序里查看记录、使用积分。</Text>
          <Text className="pb-bullet">健康档案仍由签约机构依法保存，不会被删除；积分也不会清零。</Text>
        </View>
        <Text className="pb-muted">以后想再使用，重新用微信登录并同意即可。</Text>
      </Card>
      {error ? <AlertBox tone="error" message={error} testId="withdraw-error" /> : null}
      <View className="pb-stack">
        <BigButton type="danger" testId="withdraw-start" onClick={() => setConfirming(true)}>
          撤回授权并停用账号
        </BigButton>
      </View>
      <ConfirmDialog
        visible={confirming}
        title="确定撤回授权吗？"
        confirmText="确定撤回"
        cancelText="不撤回了"
        danger
        loading={busy}
        testId="withdraw-confirm"
        onCancel={() => setConfirming(false)}
        onConfirm={withdraw}
      >
        <Text>撤回后账号停用、所有登录失效、家人代办解除。健康档案仍由签约机构保存。</Text>
      </ConfirmDialog>
    </PageShell>
  );
}
