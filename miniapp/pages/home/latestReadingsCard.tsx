import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useRef } from 'react';
import { BigButton, EmptyState } from '../../components';
import { useResource } from '../../hooks/useResource';
import { toneColors } from '../../services/readingDisplay';
import { loadControlStatus, loadLatestReadings } from '../../services/readingOverview';
import { recordsRoutes } from '../../services/recordsRoutes';

async function loadHomeReadings() {
  const [latest, statuses] = await Promise.all([loadLatestReadings(['bp', 'glucose', 'weight']), loadControlStatus()]);
  return { latest, statuses };
}

/** 首页 最近读数: the latest BP / glucose / weight with their grade, and this month's control status. */
export function LatestReadingsCardContent() {
  const { state, reload } = useResource(loadHomeReadings);
  const shownBefore = useRef(false);
  useDidShow(() => {
    if (shownBefore.current) reload();
    shownBefore.current = true;
  });
  if (state.status === 'loading') return <Text className="pb-muted">正在读取…</Text>;
  if (state.status === 'error') return <Text className="pb-muted">{state.message}</Text>;
  const { latest, statuses } = state.data;
  return (
    <View>
      {latest.length === 0 ? (
        <EmptyState title="暂无读数" description="记录血压、血糖后，最近的结果会显示在这里" testId="home-readings-empty" />
      ) : (
        latest.map((reading) => (
          <View key={reading.measure} className="pb-home__row" data-testid={`home-reading-${reading.measure}`} onClick={() => void Taro.navigateTo({ url: recordsRoutes.history(reading.measure) }).catch(() => undefined)}>
            <Text>{reading.label}</Text>
            <Text style={{ color: toneColors[reading.tone], fontWeight: 700 }}>
              {reading.valueText}
              {reading.gradeText ? ` · ${reading.gradeText}` : ''}
            </Text>
          </View>
        ))
      )}
      {statuses.map((status) => (
        <Text key={status.measure} className="pb-text" data-testid={`home-control-${status.measure}`} style={{ color: toneColors[status.tone], marginTop: '8px' }}>
          {status.text}
        </Text>
      ))}
      <BigButton type="secondary" testId="home-log-reading" onClick={() => void Taro.switchTab({ url: recordsRoutes.tab }).catch(() => undefined)}>
        记一次血压、血糖
      </BigButton>
    </View>
  );
}
