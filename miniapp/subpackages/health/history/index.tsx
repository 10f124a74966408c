import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useMemo, useState } from 'react';
import { BigButton, Card, EmptyState, ErrorState, LoadingState, PageShell, Tabs } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { isReadingMeasure, measureLabels, readingMeasures, type ReadingMeasure } from '../../../services/readingForms';
import { toneColors } from '../../../services/readingDisplay';
import { loadReadingHistory } from '../../../services/readingHistory';
import { recordsRoutes } from '../../../services/recordsRoutes';
import { useElderlyMode } from '../../../state/elderlyMode';
import { TrendChart } from '../components/trend-chart';
import './index.scss';

type Days = 7 | 30 | 90;

/** History by measure: 7 / 30 / 90 days, the target band, points coloured by grade, and the list. */
export default function HistoryPage() {
  const router = useRouter();
  const [measure, setMeasure] = useState<ReadingMeasure>(isReadingMeasure(router.params.measure) ? router.params.measure : 'bp');
  const [days, setDays] = useState<Days>(30);
  const { enabled: elderly } = useElderlyMode();
  const { state, reload } = useResource(() => loadReadingHistory(measure, days));

  useEffect(() => {
    reload();
  }, [measure, days, reload]);

  const chartPoints = useMemo(
    () => (state.status === 'ready' ? state.data.points.map((p) => ({ timeMs: p.timeMs, values: p.values, color: toneColors[p.chartTone], emphasis: p.urgent, byFamily: p.enteredByFamily })) : []),
    [state],
  );

  return (
    <PageShell title={`${measureLabels[measure]}趋势`} testId="page-history">
      <View className="pb-history__measures" role="tablist" data-testid="history-measures">
        {readingMeasures.map((m) => (
          <View key={m} className={`pb-history__measure ${m === measure ? 'pb-history__measure--active' : ''}`} role="tab" aria-selected={m === measure ? 'true' : 'false'} data-testid={`history-measure-${m}`} onClick={() => setMeasure(m)}>
            <Text>{m === measure ? `● ${measureLabels[m]}` : measureLabels[m]}</Text>
          </View>
        ))}
      </View>
      <Tabs
        testId="history-days"
        items={[
          { key: '7', label: '7天' },
          { key: '30', label: '30天' },
          { key: '90', label: '90天' },
        ]}
        activeKey={String(days)}
        onChange={(key) => setDays(Number(key) as Days)}
      />

      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' ? (
        <View>
          <Card title={`最近${days}天 · ${state.data.unit}`} testId="history-chart-card">
            {state.data.targetText ? (
              <Text className="pb-history__target" data-testid="history-target">
                {state.data.targetText}
              </Text>
            ) : null}
            {state.data.points.length === 0 ? (
              <EmptyState title={`最近${days}天没有${measureLabels[measure]}记录`} description="记一次后，这里会画出变化趋势" testId="history-empty" />
            ) : (
              <TrendChart
                canvasId={`trend-${measure}`}
                points={chartPoints}
                series={state.data.series}
                bands={state.data.bands}
                fromMs={state.data.fromMs}
                toMs={state.data.toMs}
                heightPx={elderly ? 300 : 260}
                large={elderly}
              />
            )}
          </Card>

          {state.data.points.length > 0 ? (
            <Card title={`共 ${state.data.points.length} 次`} testId="history-list">
              {[...state.data.points].reverse().map((p) => (
                <View key={p.id} className="pb-history__row" data-testid="history-row">
                  <View className="pb-history__row-main">
                    <Text className="pb-history__value" style={{ color: toneColors[p.tone] }}>
                      {p.valueText}
                    </Text>
                    <Text className="pb-history__grade" style={{ color: toneColors[p.tone] }}>
                      {[p.gradeText, p.atTargetText, p.urgent ? '紧急' : null, p.enteredByFamily ? '家属代录' : null].filter(Boolean).join(' · ')}
                    </Text>
                  </View>
                  <Text className="pb-history__date">{p.dateText}</Text>
                </View>
              ))}
            </Card>
          ) : null}
        </View>
      ) : null}

      <View className="pb-stack">
        <BigButton type="primary" testId="history-log" onClick={() => void Taro.navigateTo({ url: recordsRoutes.entry(measure) }).catch(() => undefined)}>
          记一次{measureLabels[measure]}
        </BigButton>
      </View>
    </PageShell>
  );
}
