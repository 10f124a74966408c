import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { AlertBox, BigButton, Card, PageShell, TextField } from '../../../components';
import { checkoutRoutes } from '../../../services/checkoutRoutes';
import { userMessageOf } from '../../../services/errors';
import { acceptCashierInvitation, type AcceptedCashierInvitation } from '../../../services/pharmacy';

/** 接受收银员邀请: the code the programme gave the pharmacy; afterwards 我的 shows 药店收银. */
export default function AcceptCashierInvitationPage() {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [accepted, setAccepted] = useState<AcceptedCashierInvitation | null>(null);

  const accept = () => {
    if (code.trim() === '') return setError('请输入药店给您的收银员邀请码');
    setBusy(true);
    setError(null);
    acceptCashierInvitation(code)
      .then(setAccepted)
      .catch((cause: unknown) => setError(userMessageOf(cause)))
      .finally(() => setBusy(false));
  };

  if (accepted) {
    return (
      <PageShell title="已成为收银员" testId="page-cashier-accepted" showProfile={false}>
        <AlertBox tone="success" title={`您现在是 ${accepted.pharmacyName} 的收银员`} message="可以在「我的 → 药店收银」扫居民的抵扣码收款。" testId="cashier-accepted" />
        <View className="pb-stack">
          <BigButton type="primary" testId="cashier-open-till" onClick={() => void Taro.redirectTo({ url: checkoutRoutes.pharmacyHome }).catch(() => undefined)}>
            进入药店收银
          </BigButton>
        </View>
      </PageShell>
    );
  }

  return (
    <PageShell title="接受收银员邀请" testId="page-cashier-accept" showProfile={false}>
      <Card>
        <Text className="pb-text">请输入项目办发给药店的收银员邀请码。接受后，您可以用这个微信号为本店扫码收款。</Text>
        <TextField label="收银员邀请码" value={code} maxLength={32} testId="cashier-code" onInput={(value) => setCode(value.toUpperCase())} />
      </Card>
      {error ? <AlertBox tone="error" title="没有接受成功" message={error} testId="cashier-accept-error" /> : null}
      <View className="pb-stack">
        <BigButton type="primary" loading={busy} testId="cashier-accept-submit" onClick={accept}>
          接受邀请
        </BigButton>
      </View>
    </PageShell>
  );
}
