import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { BigButton, Card, WeeklySummaryBlock } from '../../components';
import { loadWeeklySummaries, type WeeklySummaryItem } from '../../services/careLoop';
import { careRoutes } from '../../services/careRoutes';
import { isApiError } from '../../services/apiError';
import { openPage } from '../../services/navigation';

export interface WeeklySummaryCardProps {
  refreshToken: unknown;
  /** null on the resident's own phone; the resident's name on a relative's. */
  residentName: string | null;
}

type CardState = { status: 'loading' } | { status: 'hidden' } | { status: 'notShared' } | { status: 'ready'; latest: WeeklySummaryItem | null };

/**
 * 首页 「上周小结」: last week's figures and the way to all of them. A relative sees it only while the
 * resident shares it; otherwise one line says so (the resident decides, on their own phone).
 */
export function WeeklySummaryCard(props: WeeklySummaryCardProps) {
  const { refreshToken, residentName } = props;
  const [state, setState] = useState<CardState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    loadWeeklySummaries()
      .then((data) => live && setState({ status: 'ready', latest: data.items[0] ?? null }))
      .catch((error: unknown) => live && setState(isApiError(error) && error.code === 'access_denied' && residentName ? { status: 'notShared' } : { status: 'hidden' }));
    return () => {
      live = false;
    };
  }, [refreshToken, residentName]);

  if (state.status === 'loading' || state.status === 'hidden') return null;
  if (state.status === 'notShared') {
    return (
      <Card title={`${residentName}的每周小结`} testId="home-weekly">
        <Text className="pb-text" data-testid="home-weekly-not-shared">
          {residentName}还没有开启「把每周小结发给家人」。可以请{residentName}在小程序「首页 → 每周小结」里打开。
        </Text>
      </Card>
    );
  }
  const latest = state.latest;
  return (
    <Card title={latest ? `上周小结（${latest.periodText}）` : '每周小结'} testId="home-weekly">
      {latest ? <WeeklySummaryBlock item={latest} testId="home-weekly-latest" /> : <Text className="pb-text">每周一早上，这里会出现上一周的记录、达标和积分。</Text>}
      <View className="pb-stack">
        <BigButton type="secondary" testId="home-weekly-open" onClick={() => openPage(careRoutes.weekly)}>
          {residentName ? '查看每周小结' : '查看每周小结和分享设置'}
        </BigButton>
      </View>
    </Card>
  );
}

export default WeeklySummaryCard;
