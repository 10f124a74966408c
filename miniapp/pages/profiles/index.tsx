import { Text, View } from '@tarojs/components';
import { AlertBox, BigButton, Card, EmptyState, ErrorState, LoadingState, PageShell } from '../../components';
import { useResource } from '../../hooks/useResource';
import { openPage, routes } from '../../services/navigation';
import { chooseProfile, loadMyProfile, profileOptions } from '../../services/profile';
import { scopeLabels } from '../../services/proxies';
import { useActiveProfile } from '../../state/activeProfile';

/** 切换档案: the account's own archive and every resident it acts for; one tap switches. */
async function loadChoices() {
  const loaded = await loadMyProfile();
  return { options: profileOptions(loaded.profile), droppedMessage: loaded.droppedMessage };
}

export default function ProfilesPage() {
  const { state, reload } = useResource(loadChoices);
  const active = useActiveProfile();

  return (
    <PageShell title="切换档案" testId="page-profiles">
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' ? (
        <View>
          {state.data.droppedMessage ? <AlertBox tone="warning" message={state.data.droppedMessage} testId="profiles-dropped" /> : null}
          <Text className="pb-text">选择您要查看和办理的档案。每个页面顶部都会显示当前是谁的档案。</Text>
          {state.data.options.length === 0 ? (
            <EmptyState title="还没有可查看的档案" description="绑定您自己的健康档案，或接受家人的代办邀请。" testId="profiles-empty" />
          ) : (
            state.data.options.map((option) => {
              const current = active?.residentId === option.residentId && active.relation === option.relation;
              return (
                <Card key={`${option.relation}-${option.residentId}`} testId={`profile-option-${option.residentId}`}>
                  <Text className="pb-list-item__title">
                    {option.name}
                    {option.relation === 'self' ? '（本人）' : '（家人）'}
                    {current ? <Text className="pb-tag pb-tag--ok">正在查看</Text> : null}
                  </Text>
                  <Text className="pb-list-item__meta">
                    {option.relation === 'self' ? '您自己的健康档案' : `您可以：${scopeLabels(option.scopes).join('、') || '（无）'}`}
                  </Text>
                  {current ? null : (
                    <View className="pb-list-item__actions">
                      <BigButton type="primary" testId={`profile-choose-${option.residentId}`} onClick={() => void chooseProfile(option)}>
                        {option.relation === 'self' ? '查看我自己的档案' : `切换到 ${option.name} 的档案`}
                      </BigButton>
                    </View>
                  )}
                </Card>
              );
            })
          )}
          <View className="pb-stack">
            <BigButton type="secondary" testId="profiles-accept" onClick={() => openPage(routes.acceptInvitation)}>
              接受新的家人邀请
            </BigButton>
          </View>
        </View>
      ) : null}
    </PageShell>
  );
}
