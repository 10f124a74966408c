import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useEffect, useRef } from 'react';
import { AlertBox, BigButton, Card, ElderlyToggle, ErrorState, LoadingState, PageShell } from '../../components';
import { useResource } from '../../hooks/useResource';
import { loadHomeView } from '../../services/home';
import { openPage, restartAt, routes } from '../../services/navigation';
import { getActiveProfile } from '../../state/activeProfile';
import { useElderlyMode } from '../../state/elderlyMode';
import { CareCard } from './CareCard';
import { FamilyNoticesCard } from './FamilyNoticesCard';
import { UrgentCareCard } from './UrgentCareCard';
import { FollowUpTodoCard } from './FollowUpTodoCard';
import { MedicationTodayCard } from './MedicationTodayCard';
import { WeeklySummaryCard } from './WeeklySummaryCard';
import { LatestReadingsCardContent } from './latestReadingsCard';
import './index.scss';

export default function HomePage() {
  const { state, reload } = useResource(loadHomeView);
  const { enabled: elderly } = useElderlyMode();
  const redirectTo = state.status === 'ready' ? state.data.redirectTo : null;
  const shownBefore = useRef(false);

  // A tab page stays mounted: coming back to it (after switching profile or a revoked link) reloads.
  useDidShow(() => {
    if (shownBefore.current) reload();
    shownBefore.current = true;
  });

  useEffect(() => {
    // Consents not (or no longer) given: continue the onboarding there.
    if (redirectTo) void restartAt(redirectTo);
  }, [redirectTo]);

  return (
    <PageShell testId="page-home">
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' ? (
        <View>
          {state.data.alert ? <AlertBox tone="warning" title="代办关系已解除" message={state.data.alert} testId="home-alert" /> : null}
          <View className="pb-home__greeting" data-testid="home-greeting">
            <Text>{state.data.headline}</Text>
          </View>
          <Text className="pb-muted pb-home__subgreeting">{state.data.greeting}</Text>
          {/* The urgent banner first: nothing on 首页 matters more until the team has it in hand. */}
          {state.data.mode === 'self' || state.data.canViewRecords ? <UrgentCareCard refreshToken={state.data} /> : null}
          {state.data.mode === 'proxy' && state.data.canViewRecords ? <FamilyNoticesCard refreshToken={state.data} residentName={state.data.residentName ?? '家人'} /> : null}

          {elderly ? null : (
            <Card testId="home-elderly">
              <ElderlyToggle testId="home-elderly-toggle" />
            </Card>
          )}

          {state.data.workbench ? (
            <Card title="我的工作" testId="home-workbench">
              <BigButton type="primary" testId="home-workbench-button" onClick={() => openPage(state.data.workbench?.route ?? '')}>
                {state.data.workbench.label}
              </BigButton>
            </Card>
          ) : null}

          {state.data.mode === 'none' ? (
            <Card title={state.data.needsProfileChoice ? '请选择要查看的档案' : '还没有绑定健康档案'} testId="home-bind">
              <Text className="pb-text">
                {state.data.needsProfileChoice ? '您在为几位家人代办，请先选择一位。' : '绑定后，这里会显示您的待办、最近读数和积分。'}
              </Text>
              <View className="pb-stack">
                {state.data.needsProfileChoice ? (
                  <BigButton type="primary" testId="home-choose-profile" onClick={() => openPage(routes.profiles)}>
                    选择档案
                  </BigButton>
                ) : (
                  <BigButton type="primary" testId="home-bind-button" onClick={() => openPage(routes.bind)}>
                    绑定我的健康档案
                  </BigButton>
                )}
                <BigButton type="secondary" testId="home-accept-invitation" onClick={() => openPage(routes.acceptInvitation)}>
                  我是家属，输入家人的邀请码
                </BigButton>
              </View>
            </Card>
          ) : null}

          {state.data.mode === 'proxy' ? (
            <Card title={`您可以为 ${state.data.residentName ?? '家人'} 办理`} testId="home-proxy">
              <Text className="pb-text" data-testid="home-proxy-scopes">
                {state.data.proxyScopeLabels.join('、') || '（暂无权限）'}
              </Text>
              <Text className="pb-muted">您代办的每一项操作都会记录下来，{state.data.residentName ?? '家人'}可以随时查看。</Text>
            </Card>
          ) : null}

          {state.data.unreadNotices ? (
            <Card testId="home-notices">
              <View className="pb-home__row" onClick={() => openPage(routes.notices)}>
                <Text>您有 {state.data.unreadNotices} 条未读通知</Text>
                <Text className="pb-link">查看</Text>
              </View>
            </Card>
          ) : null}

          {state.data.mode !== 'none' ? (
            <View>
              <FollowUpTodoCard refreshToken={state.data} canBook={state.data.mode === 'self' || (getActiveProfile()?.scopes.includes('book') ?? false)} />
              <MedicationTodayCard refreshToken={state.data} />

              <Card title="最近读数" testId="home-readings">
                <LatestReadingsCardContent />
              </Card>

              <CareCard refreshToken={state.data} own={state.data.mode === 'self'} />
              {state.data.canViewRecords ? <WeeklySummaryCard refreshToken={state.data} residentName={state.data.mode === 'proxy' ? state.data.residentName : null} /> : null}
            </View>
          ) : null}

          {/* One tap from 首页, both ways: at the top while off, at the bottom once on. */}
          {elderly ? (
            <Card testId="home-elderly">
              <ElderlyToggle testId="home-elderly-toggle" />
            </Card>
          ) : null}
        </View>
      ) : null}
    </PageShell>
  );
}
