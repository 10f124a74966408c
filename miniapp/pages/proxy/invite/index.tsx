import { Image, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { AlertBox, BigButton, Card, CheckRow, PageShell } from '../../../components';
import { userMessageOf } from '../../../services/errors';
import { createInvitation, relationshipChoices, scopeOptions, type InvitationView } from '../../../services/proxies';
import type { ProxyScope } from '../../../services/profile';
import './index.scss';

/**
 * 邀请家人代办: choose what the family member may do (plain words for each scope), then show the
 * one-time code, the QR from the service and when it expires (24 h).
 */
export default function InvitePage() {
  const [scopes, setScopes] = useState<ProxyScope[]>(['view']);
  const [relationship, setRelationship] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [invitation, setInvitation] = useState<InvitationView | null>(null);

  const toggle = (scope: ProxyScope, on: boolean) => setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));

  const generate = () => {
    if (scopes.length === 0) {
      setError('请至少选择一项家人可以帮您做的事');
      return;
    }
    setBusy(true);
    setError(null);
    createInvitation({ scopes, relationship })
      .then(setInvitation)
      .catch((cause: unknown) => setError(userMessageOf(cause)))
      .finally(() => setBusy(false));
  };

  if (invitation) {
    return (
      <PageShell title="邀请码已生成" testId="page-invite-result">
        <Card testId="invitation-card">
          <Text className="pb-text">请让家人打开「居民健康存折」，在「我的 → 接受家人的邀请」输入下面的邀请码：</Text>
          <View className="pb-code">
            <Text data-testid="invitation-code" selectable>
              {invitation.code}
            </Text>
          </View>
          <View className="pb-invite__qr">
            <Image className="pb-invite__qr-image" src={invitation.qrDataUrl} mode="aspectFit" data-testid="invitation-qr" />
          </View>
          <AlertBox tone="warning" testId="invitation-expiry" message={`请在 ${invitation.expiresAtText} 前使用，只能用一次。过期后可以重新生成。`} />
          <Text className="pb-text">家人可以：{invitation.scopeLabels.join('、')}</Text>
          <Text className="pb-muted">邀请码只发给您信任的家人。您可以随时在「我的 → 代办关系」解除。</Text>
        </Card>
        <View className="pb-stack">
          <BigButton type="secondary" testId="invite-again" onClick={() => setInvitation(null)}>
            再邀请一位家人
          </BigButton>
        </View>
      </PageShell>
    );
  }

  return (
    <PageShell title="邀请家人代办" testId="page-invite">
      <Text className="pb-text">您可以让子女等家人用他们自己的微信帮您办事。请勾选允许家人做的事：</Text>
      {scopeOptions.map((option) => (
        <CheckRow
          key={option.scope}
          checked={scopes.includes(option.scope)}
          title={option.label}
          description={option.description}
          testId={`scope-${option.scope}`}
          onChange={(on) => toggle(option.scope, on)}
        />
      ))}
      <Card title="家人是您的（可不选）">
        <View className="pb-invite__chips">
          {relationshipChoices.map((choice) => (
            <View
              key={choice}
              className={`pb-invite__chip ${relationship === choice ? 'pb-invite__chip--on' : ''}`}
              role="radio"
              aria-checked={relationship === choice ? 'true' : 'false'}
              data-testid={`relationship-${choice}`}
              onClick={() => setRelationship(relationship === choice ? null : choice)}
            >
              <Text>{choice}</Text>
            </View>
          ))}
        </View>
      </Card>
      {error ? <AlertBox tone="error" message={error} testId="invite-error" /> : null}
      <View className="pb-stack">
        <BigButton type="primary" loading={busy} testId="invite-generate" onClick={generate}>
          生成邀请码
        </BigButton>
      </View>
    </PageShell>
  );
}
