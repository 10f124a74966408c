import { Text, View } from '@tarojs/components';
import { useCallback, useMemo, useState } from 'react';
import { AlertBox, BigButton, Card, ChipGroup, EmptyState, ErrorState, LoadingState, NavRow, PageShell, Points, Price, Tabs } from '../../../components';
import { shanghaiYear } from '../../../../shared/time/shanghai';
import { useResource } from '../../../hooks/useResource';
import {
  adminRoutes,
  exportReportCsv,
  loadReport,
  periodLabel,
  quarterOptions,
  rowsOfScope,
  scopeOptions,
  yearOptions,
  type Quarter,
  type ReportPeriod,
  type ScopeLevel,
} from '../../../services/adminReports';
import { userMessageOf } from '../../../services/errors';
import { protectedFileOutcomeText } from '../../../services/fileExport';
import { openPage } from '../../../services/navigation';
import '../admin.scss';

/**
 * 项目统计: choose a year or a quarter and the level (全市 / 机构 / 团队), read 签约率, 规范管理率, 控制率,
 * screening rates (each with its formula in words, as the report computes it), the points (in yuan)
 * and the pharmacies' settlements; export the CSV.
 */
export default function ReportPage() {
  const thisYear = useMemo(() => shanghaiYear(new Date()), []);
  const [period, setPeriod] = useState<ReportPeriod>({ year: thisYear, quarter: null });
  const [scope, setScope] = useState<ScopeLevel>('programme');
  const [rowKey, setRowKey] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const load = useCallback(() => loadReport(period), [period]);
  const { state, reload } = useResource(load);

  const exportCsv = () => {
    setExporting(true);
    setMessage(null);
    exportReportCsv(period)
      .then((outcome) => setMessage({ tone: 'success', text: protectedFileOutcomeText(outcome, `${periodLabel(period)}统计 CSV `) }))
      .catch((cause: unknown) => setMessage({ tone: 'error', text: userMessageOf(cause) }))
      .finally(() => setExporting(false));
  };

  const rows = state.status === 'ready' ? rowsOfScope(state.data, scope) : [];
  const row = rows.find((r) => r.key === rowKey) ?? rows[0] ?? null;

  return (
    <PageShell title="项目统计" testId="page-admin-report" showProfile={false}>
      <Card title="统计期间" testId="report-period">
        <ChipGroup options={yearOptions(thisYear)} selected={[String(period.year)]} testId="report-year" onSelect={(key) => setPeriod({ ...period, year: Number(key) })} />
        <ChipGroup options={quarterOptions} selected={[period.quarter === null ? 'all' : String(period.quarter)]} testId="report-quarter" onSelect={(key) => setPeriod({ ...period, quarter: key === 'all' ? null : (Number(key) as Quarter) })} />
      </Card>

      <Tabs items={[...scopeOptions]} activeKey={scope} testId="report-scope" onChange={(key) => { setScope(key as ScopeLevel); setRowKey(null); }} />

      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} testId="report-error" /> : null}
      {state.status === 'ready' ? (
        <View>
          <Text className="pb-muted pb-adm__period" data-testid="report-period-text">
            {state.data.periodText} · {state.data.asOfText}
          </Text>
          {scope !== 'programme' && rows.length > 1 ? <ChipGroup options={rows.map((r) => ({ key: r.key, label: r.name }))} selected={row ? [row.key] : []} testId="report-row" onSelect={setRowKey} /> : null}
          {row === null ? <EmptyState title="这一层级还没有数据" testId="report-empty" /> : null}
          {row
            ? row.groups.map((group) => (
                <Card key={group.key} title={`${group.title}${scope === 'programme' ? '' : ` · ${row.name}`}`} testId={`report-group-${group.key}`}>
                  {group.rates.map((rate) => (
                    <View key={rate.key} className="pb-adm__rate" data-testid={`report-rate-${rate.key}`}>
                      <View className="pb-adm__rate-head">
                        <Text className="pb-adm__rate-label">{rate.label}</Text>
                        <Text className="pb-adm__rate-value" data-testid={`report-rate-${rate.key}-value`}>
                          {rate.rateText}
                        </Text>
                      </View>
                      <View className="pb-adm__bar">
                        <View className="pb-adm__bar-fill" style={{ width: `${rate.percent ?? 0}%` }} />
                      </View>
                      <Text className="pb-muted">{rate.countText}</Text>
                      {rate.formulaText ? (
                        <Text className="pb-muted pb-adm__formula" data-testid={`report-rate-${rate.key}-formula`}>
                          计算方法：{rate.formulaText}
                        </Text>
                      ) : null}
                    </View>
                  ))}
                </Card>
              ))
            : null}

          <Card title="积分（全市）" testId="report-points">
            {(
              [
                ['issued', '发放', state.data.points.issuedFen, state.data.points.issuedPoints],
                ['redeemed', '药店抵扣', state.data.points.redeemedFen, state.data.points.redeemedPoints],
                ['expired', '过期', state.data.points.expiredFen, state.data.points.expiredPoints],
                ['outstanding', '期末未使用（负债）', state.data.points.outstandingLiabilityFen, state.data.points.outstandingPoints],
              ] as const
            ).map(([key, label, fen, points]) => (
              <View key={key} className="pb-adm__money" data-testid={`report-points-${key}`}>
                <Text className="pb-adm__rate-label">{label}</Text>
                <View className="pb-adm__money-side">
                  <Price amountFen={fen} size={key === 'outstanding' ? 'large' : 'normal'} testId={`report-points-${key}-yuan`} />
                  <Points points={points} />
                </View>
              </View>
            ))}
          </Card>

          <Card title="服药依从性（截至今天，近30天）" testId="report-adherence">
            <View className="pb-adm__money">
              <Text className="pb-adm__rate-label">按时服药（≥80%的天数）</Text>
              <Text className="pb-strong" data-testid="report-adherence-rate">
                {state.data.adherence.rateText}
              </Text>
            </View>
            <Text className="pb-muted">
              有每日用药计划的居民 {state.data.adherence.residents} 人：按时服药 {state.data.adherence.good} 人，依从性差 {state.data.adherence.poor} 人
            </Text>
          </Card>

          <Card title="药店结算" testId="report-settlements">
            {state.data.settlements.length === 0 ? <Text className="pb-text">这段时间没有结算单。</Text> : null}
            {state.data.settlements.map((s) => (
              <View key={s.pharmacyId} className="pb-adm__money" data-testid="report-settlement">
                <View>
                  <Text className="pb-adm__rate-label">{s.name}</Text>
                  <Text className="pb-muted">{s.statements} 张结算单</Text>
                </View>
                <View className="pb-adm__money-side">
                  <Price amountFen={s.totalFen} />
                  <Text className="pb-muted">
                    已付 <Price amountFen={s.paidFen} />
                  </Text>
                </View>
              </View>
            ))}
          </Card>
        </View>
      ) : null}

      {message ? <AlertBox tone={message.tone} message={message.text} testId="report-message" /> : null}
      <View className="pb-stack">
        <BigButton type="primary" loading={exporting} testId="report-csv" onClick={exportCsv}>
          导出 CSV（{periodLabel(period)}）
        </BigButton>
      </View>
      <Card>
        <NavRow title="积分规则" description="查看各版本，安排新版本并试算" testId="report-to-policy" onClick={() => openPage(adminRoutes.policy)} />
      </Card>
    </PageShell>
  );
}
