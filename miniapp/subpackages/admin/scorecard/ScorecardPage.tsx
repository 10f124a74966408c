import { Text, View } from '@tarojs/components';
import { useCallback, useMemo, useState } from 'react';
import { AlertBox, BigButton, Card, ChipGroup, EmptyState, ErrorState, LoadingState, PageShell } from '../../../components';
import { shanghaiYear } from '../../../../shared/time/shanghai';
import { useResource } from '../../../hooks/useResource';
import { periodQuery, quarterOptions, yearOptions, type Quarter, type ReportPeriod } from '../../../services/adminReports';
import { userMessageOf } from '../../../services/errors';
import { protectedFileOutcomeText } from '../../../services/fileExport';
import { exportScorecardCsv, fractionText, loadScorecard, metricText } from '../../../services/scorecard';
import '../admin.scss';

export interface ScorecardPageProps {
  testId: string;
  /** Admins: every team and institution, one figure compared across them. A team lead: their own team. */
  compare: boolean;
}

/**
 * 履约考核: for a year or a quarter, each figure of the scorecard with how it is computed (签约续约,
 * 规范管理率, 各病种达标率, 首诊, 上转下转, 满意度, 人均积分), one row in detail; for admins also one
 * figure across every team and institution. CSV for Excel.
 */
export function ScorecardPage(props: ScorecardPageProps) {
  const { testId, compare } = props;
  const thisYear = useMemo(() => shanghaiYear(new Date()), []);
  const [period, setPeriod] = useState<ReportPeriod>({ year: thisYear, quarter: null });
  const [metricKey, setMetricKey] = useState('htnSpecRate');
  const [rowKey, setRowKey] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const load = useCallback(() => loadScorecard(periodQuery(period)), [period]);
  const { state, reload } = useResource(load);

  const exportCsv = () => {
    setExporting(true);
    setMessage(null);
    exportScorecardCsv(periodQuery(period))
      .then((outcome) => setMessage({ tone: 'success', text: protectedFileOutcomeText(outcome, '履约考核 CSV ') }))
      .catch((cause: unknown) => setMessage({ tone: 'error', text: userMessageOf(cause) }))
      .finally(() => setExporting(false));
  };

  const card = state.status === 'ready' ? state.data : null;
  const keyOf = (r: { level: string; institutionId: string; teamId: string | null }) => `${r.level}:${r.institutionId}:${r.teamId ?? ''}`;
  const row = card ? (card.rows.find((r) => keyOf(r) === rowKey) ?? card.rows.find((r) => r.level === 'team') ?? card.rows[0] ?? null) : null;
  const metric = card?.metrics.find((m) => m.key === metricKey) ?? card?.metrics[0];
  const ranked = card && metric ? [...card.rows].map((r) => ({ row: r, v: r.values.find((v) => v.key === metric.key)! })).sort((a, b) => (b.v.value ?? -1) - (a.v.value ?? -1)) : [];

  return (
    <PageShell title="履约考核" testId={testId} showProfile={false}>
      <Card title="考核期间" testId="scorecard-period">
        <ChipGroup options={yearOptions(thisYear)} selected={[String(period.year)]} testId="scorecard-year" onSelect={(key) => setPeriod({ ...period, year: Number(key) })} />
        <ChipGroup options={quarterOptions} selected={[period.quarter === null ? 'all' : String(period.quarter)]} testId="scorecard-quarter" onSelect={(key) => setPeriod({ ...period, quarter: key === 'all' ? null : (Number(key) as Quarter) })} />
      </Card>
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} testId="scorecard-error" /> : null}
      {card && card.rows.length === 0 ? <EmptyState title="还没有团队" testId="scorecard-empty" /> : null}

      {compare && card && metric ? (
        <Card title="各团队、机构对比" testId="scorecard-compare">
          <ChipGroup label="指标" options={card.metrics.map((m) => ({ key: m.key, label: m.label }))} selected={[metric.key]} testId="scorecard-metric" onSelect={setMetricKey} />
          <Text className="pb-muted" data-testid="scorecard-compare-formula">
            计算方法：{metric.formula}
          </Text>
          {ranked.map(({ row: r, v }) => (
            <View key={keyOf(r)} className="pb-adm__rate" data-testid="scorecard-compare-row">
              <View className="pb-adm__rate-head">
                <Text className="pb-adm__rate-label">
                  {r.level === 'institution' ? '机构 ' : ''}
                  {r.name}
                </Text>
                <Text className="pb-adm__rate-value">{metricText(metric.unit, v.value)}</Text>
              </View>
              {fractionText(v) ? <Text className="pb-muted">{fractionText(v)}</Text> : null}
            </View>
          ))}
        </Card>
      ) : null}

      {card && row ? (
        <Card title={row.name} testId="scorecard-detail">
          {compare ? <ChipGroup options={card.rows.map((r) => ({ key: keyOf(r), label: r.name }))} selected={[keyOf(row)]} testId="scorecard-row" onSelect={setRowKey} /> : null}
          {card.metrics.map((m) => {
            const v = row.values.find((x) => x.key === m.key);
            return (
              <View key={m.key} className="pb-adm__rate" data-testid={`scorecard-figure-${m.key}`}>
                <View className="pb-adm__rate-head">
                  <Text className="pb-adm__rate-label">{m.label}</Text>
                  <Text className="pb-adm__rate-value" data-testid={`scorecard-figure-${m.key}-value`}>
                    {metricText(m.unit, v?.value ?? null)}
                  </Text>
                </View>
                {v && fractionText(v) ? <Text className="pb-muted">{fractionText(v)}</Text> : null}
                <Text className="pb-muted">{m.formula}</Text>
              </View>
            );
          })}
        </Card>
      ) : null}

      {card ? (
        <View className="pb-stack">
          <BigButton type="secondary" loading={exporting} testId="scorecard-csv" onClick={exportCsv}>
            导出 CSV
          </BigButton>
          {message ? <AlertBox tone={message.tone} message={message.text} testId="scorecard-csv-notice" /> : null}
        </View>
      ) : null}
    </PageShell>
  );
}
