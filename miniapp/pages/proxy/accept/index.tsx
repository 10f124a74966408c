import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { AlertBox, BigButton, Card, ChipGroup, PageShell, TextField } from '../../../components';
import { platform } from '../../../platform';
import { userMessageOf } from '../../../services/errors';
import { restartAt, routes } from '../../../services/navigation';
import { chooseProfile } from '../../../services/profile';
import { acceptInvitation, invitationCodeFrom, relationshipOptions, type AcceptedInvitation } from '../../../services/proxies';

/**
 * 接受家人邀请: the family member scans the QR on the resident's phone, opens the message the
 * resident sent (the accept page with `?code=`), or types the code; pasting the shared message also
 * works. On H5 the scan stand-in reads what is in the field. They may say how they are related
 * (女儿 …), which counts when the invitation did not.
 */
export default function AcceptInvitationPage() {
  const router = useRouter();
  const [code, setCode] = useState(router.params['code'] ? invitationCodeFrom(`?code=${router.params['code']}`) : '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [accepted, setAccepted] = useState<AcceptedInvitation | null>(null);
  const [relationship, setRelationship] = useState<string | null>(null);

  const accept = (typed: string) => {
    if (typed.trim() === '') {
      setError('请输入家人给您的邀请码（8位字母和数字）');
      return;
    }
    setBusy(true);
    setError(null);
    acceptInvitation(typed, relationship)
      .then(setAccepted)
      .catch((cause: unknown) => setError(userMessageOf(cause)))
      .finally(() => setBusy(false));
  };

  const scan = () => {
    platform
      .scanCode({ fallbackInput: code })
      .then(({ value }) => {
        const scanned = invitationCodeFrom(value);
        setCode(scanned);
        accept(scanned);
      })
      .catch((cause: unknown) => setError(userMessageOf(cause)));
  };

  if (accepted) {
    const { option } = accepted;
    return (
      <PageShell title="已接受邀请" testId="page-accept-done">
        <AlertBox tone="success" title={`您现在是 ${accepted.residentName} 的代办人`} message={`您可以帮 ${accepted.residentName}：${accepted.scopeLabels.join('、')}`} testId="accept-success" />
        <Text className="pb-text">您替 {accepted.residentName} 做的每件事都会记录下来，{accepted.residentName} 可以随时查看或解除代办关系。</Text>
        <View className="pb-stack">
          {option ? (
            <BigButton type="primary" testId="accept-switch" onClick={() => void chooseProfile(option)}>
              切换到 {accepted.residentName} 的档案
            </BigButton>
          ) : null}
          <BigButton type="secondary" testId="accept-home" onClick={() => void restartAt(routes.home)}>
            返回首页
          </BigButton>
        </View>
      </PageShell>
    );
  }

  return (
    <PageShell title="接受家人的邀请" testId="page-accept">
      <Card>
        <Text className="pb-text">请家人在他的小程序「我的 → 邀请家人代办」生成邀请码，然后把码告诉您。</Text>
        <TextField label="邀请码" value={code} placeholder="如 ABCD-2345" maxLength={200} testId="accept-code" onInput={(value) => setCode(invitationCodeFrom(value).toUpperCase())} />
        <BigButton type="secondary" testId="accept-scan" onClick={scan}>
          扫描家人手机上的二维码
        </BigButton>
      </Card>
      <Card title="您是对方的（可不选）">
        <ChipGroup options={relationshipOptions} selected={relationship ? [relationship] : []} testId="accept-relationship" onSelect={(key) => setRelationship(relationship === key ? null : key)} />
      </Card>
      {error ? <AlertBox tone="error" title="没有接受成功" message={error} testId="accept-error" /> : null}
      <View className="pb-stack">
        <BigButton type="primary" loading={busy} testId="accept-submit" onClick={() => accept(code)}>
          接受邀请
        </BigButton>
      </View>
    </PageShell>
  );
}
