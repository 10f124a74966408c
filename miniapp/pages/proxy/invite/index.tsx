import { Image, Text, View } from '@tarojs/components';
import { useShareAppMessage } from '@tarojs/taro';
import { useState } from 'react';
import { AlertBox, BigButton, Card, CheckRow, ChipGroup, PageShell } from '../../../components';
import { platform } from '../../../platform';
import { userMessageOf } from '../../../services/errors';
import { createInvitation, invitationShareMessage, relationshipOptions, scopeOptions, type InvitationView } from '../../../services/proxies';
import type { ProxyScope } from '../../../services/profile';
import { useActiveProfile } from '../../../state/activeProfile';
import './index.scss';

/**
 * 邀请家人代办: choose what the family member may do (plain words for each scope) and who they are
 * (女儿, 儿子 …, so the records say so), then show the one-time code, the QR from the service and
 * when it expires (24 h) — and send it to a WeChat friend in one tap (the page's share; on H5 the
 * link is copied), which opens the accept page with the code filled in.
 */
export default function InvitePage() {
  const [scopes, setScopes] = useState<ProxyScope[]>(['view']);
  const [relationship, setRelationship] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [invitation, setInvitation] = useState<InvitationView | null>(null);
  const [shared, setShared] = useState(false);
  const profile = useActiveProfile();
  const share = invitation ? invitationShareMessage(invitation, profile?.name ?? '家人') : null;

  // WeChat asks the page what to share when the share button (or the menu) is used.
  useShareAppMessage(() => share ?? { title: '居民健康存折', path: '/pages/home/index' });

  const toggle = (scope: ProxyScope, on: boolean) => setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));

  const generate = () => {
    if (scopes.length === 0) {
      setError('请至少选择一项家人可以帮您做的事');
      return;
    }
    if (!relationship) {
      setError('请选择这位家人是您的什么人，如 女儿');
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
          <BigButton
            type="primary"
            openType="share"
            testId="invite-share"
            onClick={() => {
              if (share) void platform.shareToFriend(share).then(() => setShared(true));
            }}
          >
            发给微信好友
          </BigButton>
          {shared && platform.kind === 'h5' ? (
            <Text className="pb-text" data-testid="invite-shared">
              链接已复制，可以粘贴发给家人。
            </Text>
          ) : null}
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
      <Card title="这位家人是您的">
        <ChipGroup options={relationshipOptions} selected={relationship ? [relationship] : []} testId="relationship" onSelect={(key) => setRelationship(relationship === key ? null : key)} />
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
