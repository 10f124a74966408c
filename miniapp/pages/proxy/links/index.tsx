import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { AlertBox, BigButton, Card, ConfirmDialog, EmptyState, ErrorState, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { userMessageOf } from '../../../services/errors';
import { groupedAccountCode, loadProxyLinks, revokeProxyLink, type ProxyLinkItem } from '../../../services/proxies';
import { readSession } from '../../../services/session';

/** 代办关系: who acts for me and whom I act for; either side can end a link at any time. */
export default function ProxyLinksPage() {
  const { state, reload } = useResource(loadProxyLinks);
  const [pending, setPending] = useState<{ item: ProxyLinkItem; side: 'asResident' | 'asProxy' } | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);

  const revoke = () => {
    if (!pending) return;
    setBusy(true);
    revokeProxyLink(pending.item.linkId)
      .then(() => {
        setMessage({ tone: 'success', text: `已解除与 ${pending.item.title} 的代办关系，立即生效。` });
        reload();
      })
      .catch((cause: unknown) => setMessage({ tone: 'error', text: userMessageOf(cause) }))
      .finally(() => {
        setBusy(false);
        setPending(null);
      });
  };

  const renderList = (items: ProxyLinkItem[], side: 'asResident' | 'asProxy', empty: string) => {
    if (items.length === 0) return <EmptyState title={empty} testId={`links-${side}-empty`} />;
    return items.map((item) => (
      <View key={item.linkId} className="pb-list-item" data-testid={`link-${side}`} data-active={item.active ? 'true' : 'false'}>
        <Text className="pb-list-item__title">
          {item.title}
          <Text className={`pb-tag ${item.active ? 'pb-tag--ok' : 'pb-tag--off'}`}>{item.active ? '代办中' : '已解除'}</Text>
        </Text>
        <Text className="pb-list-item__meta">可以：{item.scopeLabels.join('、')}</Text>
        <Text className="pb-list-item__meta">
          {item.sinceText}起 · {item.viaText}
          {item.active ? '' : ` · ${item.revokedText}解除`}
        </Text>
        {item.active ? (
          <View className="pb-list-item__actions">
            <BigButton type="danger" testId={`link-revoke-${side}`} onClick={() => setPending({ item, side })}>
              解除代办关系
            </BigButton>
          </View>
        ) : null}
      </View>
    ));
  };

  return (
    <PageShell title="代办关系" testId="page-proxy-links">
      {message ? <AlertBox tone={message.tone} message={message.text} testId="links-message" /> : null}
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' ? (
        <View>
          <Card title="谁在帮我办理" testId="links-as-resident">
            {renderList(state.data.asResident, 'asResident', '还没有家人帮您代办')}
          </Card>
          <Card title="我在帮谁办理" testId="links-as-proxy">
            {renderList(state.data.asProxy, 'asProxy', '您还没有帮家人代办')}
          </Card>
        </View>
      ) : null}
      {/* The one place the account's number is shown: the doctor types it when adding a family member in person. */}
      <Card title="到社区当面办理代办" testId="links-in-person">
        <Text className="pb-text">家人不方便用手机邀请时，可以一起带上身份证到签约机构，请医生当面添加。医生会问您这个号码：</Text>
        <Text className="pb-code pb-code--small" data-audit="code" data-testid="account-id" selectable>
          {groupedAccountCode(readSession()?.accountId ?? '')}
        </Text>
      </Card>
      <ConfirmDialog
        visible={pending !== null}
        title="解除代办关系？"
        confirmText="确定解除"
        cancelText="不解除"
        danger
        loading={busy}
        testId="links-confirm"
        onCancel={() => setPending(null)}
        onConfirm={revoke}
      >
        <Text>
          {pending?.side === 'asResident'
            ? `解除后，${pending.item.title} 立即不能再查看或替您办理任何事。以后需要时可以重新邀请。`
            : `解除后，您立即不能再查看或替 ${pending?.item.title ?? '家人'} 办理任何事。需要时请家人重新邀请您。`}
        </Text>
      </ConfirmDialog>
    </PageShell>
  );
}
