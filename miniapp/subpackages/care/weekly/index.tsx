import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { AlertBox, BigButton, Card, CheckRow, EmptyState, ErrorState, LoadingState, PageShell, WeeklySummaryBlock } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { platform } from '../../../platform';
import { loadWeeklySummaries, setWeeklySummaryShared } from '../../../services/careLoop';
import { userMessageOf } from '../../../services/errors';
import { useActiveProfile } from '../../../state/activeProfile';

/**
 * 每周小结: the last weeks' figures (readings, 达标, points, the next visit). On the resident's own
 * phone: whether the family gets it too — off until the resident turns it on, and only relatives
 * allowed to 查看 — and one tap to have WeChat deliver next week's.
 */
export default function WeeklySummaryPage() {
  const profile = useActiveProfile();
  const own = profile?.relation !== 'proxy';
  const { state, reload } = useResource(() => loadWeeklySummaries());
  const [shared, setShared] = useState<boolean | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const sharedNow = shared ?? (state.status === 'ready' ? state.data.sharedWithFamily : false);
  const toggleSharing = (next: boolean) => {
    setBusy(true);
    setWeeklySummaryShared(next)
      .then((result) => {
        setShared(result.weeklySummary);
        setMessage({ tone: 'success', text: result.weeklySummary ? '好的，以后每周小结也会发给您的家人。' : '好的，以后每周小结只发给您自己。' });
      })
      .catch((error: unknown) => setMessage({ tone: 'error', text: userMessageOf(error) }))
      .finally(() => setBusy(false));
  };
  const subscribe = (templateId: string) => {
    platform
      .requestSubscribeMessage([templateId])
      .then((result) => setMessage(result[templateId] === 'accept' ? { tone: 'success', text: '好的，下周一早上微信会把小结发给您。' } : { tone: 'error', text: '您没有允许微信通知，可以随时再点一次。' }))
      .catch((error: unknown) => setMessage({ tone: 'error', text: userMessageOf(error) }));
  };

  const whose = state.status === 'ready' && !own ? `${state.data.residentName}的` : '';
  return (
    <PageShell title={`${whose}每周小结`} testId="page-weekly">
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' ? (
        <View>
          {message ? <AlertBox tone={message.tone} message={message.text} testId="weekly-message" /> : null}
          {own ? (
            <Card title="发给家人" testId="weekly-sharing">
              <CheckRow
                checked={sharedNow}
                title="把每周小结也发给家人"
                description="只发给您允许「查看」的家人，您可以随时关掉。"
                testId="weekly-share-toggle"
                onChange={(next) => (busy ? undefined : toggleSharing(next))}
              />
              <View className="pb-stack">
                <BigButton type="secondary" testId="weekly-subscribe" onClick={() => subscribe(state.data.templateId)}>
                  每周一用微信发给我
                </BigButton>
              </View>
            </Card>
          ) : null}
          {state.data.items.length === 0 ? <EmptyState title="还没有每周小结" description="每周一早上，这里会出现上一周的记录、达标和积分" testId="weekly-empty" /> : null}
          {state.data.items.map((item, index) => (
            <Card key={item.id} title={index === 0 ? `上周（${item.periodText}）` : item.periodText} testId="weekly-card">
              <WeeklySummaryBlock item={item} testId={index === 0 ? 'weekly-latest' : 'weekly-older'} />
            </Card>
          ))}
          <Text className="pb-muted">达标按医生为您定的目标判断；积分按积分规则计算。</Text>
        </View>
      ) : null}
    </PageShell>
  );
}
