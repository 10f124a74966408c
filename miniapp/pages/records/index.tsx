import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { AlertBox, BigButton, Card, EmptyState, ErrorState, LoadingState, NavRow, PageShell } from '../../components';
import { useResource } from '../../hooks/useResource';
import { userMessageOf } from '../../services/errors';
import { openPage, routes } from '../../services/navigation';
import { measureLabels, type ReadingMeasure } from '../../services/readingForms';
import { toneColors } from '../../services/readingDisplay';
import { exportReadings, type ExportKind } from '../../services/readingExport';
import { readingsSynced, syncPendingReadings, syncSummaryText } from '../../services/readings';
import { recordsRoutes } from '../../services/recordsRoutes';
import { readSession } from '../../services/session';
import { possessiveOf, useActiveProfile } from '../../state/activeProfile';
import { usePendingReadings } from '../../state/offlineQueue';
import { loadRecordsOverview } from './overview';
import './index.scss';

const entryOrder: ReadingMeasure[] = ['bp', 'glucose', 'weight', 'lipids', 'hcy'];

/** 记录 tab: what to log (one big button per measure), this month's control, latest values, 档案, export. */
export default function RecordsPage() {
  const { state, reload } = useResource(loadRecordsOverview);
  const profile = useActiveProfile();
  const pending = usePendingReadings(readSession()?.accountId ?? null);
  const [syncing, setSyncing] = useState(false);
  const [syncMessage, setSyncMessage] = useState<string | null>(null);
  const [exporting, setExporting] = useState<ExportKind | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const shownBefore = useRef(false);

  useDidShow(() => {
    // Coming back (after an entry, or from the background): send what is queued, then refresh.
    if (shownBefore.current) {
      void syncPendingReadings().finally(reload);
    }
    shownBefore.current = true;
  });

  // Queued readings uploaded by themselves (network back, app shown): show them at once.
  useEffect(() => {
    const onSynced = () => reload();
    Taro.eventCenter.on(readingsSynced, onSynced);
    return () => {
      Taro.eventCenter.off(readingsSynced, onSynced);
    };
  }, [reload]);

  const resync = async () => {
    setSyncing(true);
    setSyncMessage(null);
    try {
      const summary = await syncPendingReadings();
      setSyncMessage(syncSummaryText(summary));
      if (summary && summary.sent > 0) reload();
    } finally {
      setSyncing(false);
    }
  };

  const runExport = async (kind: ExportKind) => {
    setExporting(kind);
    setExportError(null);
    try {
      await exportReadings(kind);
    } catch (error) {
      setExportError(userMessageOf(error));
    } finally {
      setExporting(null);
    }
  };

  return (
    <PageShell title="健康记录" testId="page-records">
      {pending.length > 0 || syncMessage ? (
        <Card testId="records-pending">
          {pending.length > 0 ? (
            <AlertBox tone="warning" title={`有 ${pending.length} 条记录还没上传`} message="已保存在手机上。联网后会自动上传，也可以点下面的按钮马上上传。" testId="records-pending-box" />
          ) : null}
          {syncMessage ? <AlertBox tone={pending.length > 0 ? 'error' : 'success'} message={syncMessage} testId="records-sync-message" /> : null}
          {pending.length > 0 ? (
            <BigButton type="primary" testId="records-sync" loading={syncing} onClick={() => void resync()}>
              重新同步
            </BigButton>
          ) : null}
        </Card>
      ) : null}

      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' && !state.data.bound ? (
        <Card testId="records-unbound">
          <EmptyState title="还没有绑定健康档案" description="绑定后就可以记录血压、血糖，并查看医生随访的结果。" testId="records-unbound-empty" />
          <BigButton type="primary" testId="records-bind" onClick={() => openPage(routes.bind)}>
            绑定我的健康档案
          </BigButton>
        </Card>
      ) : null}
      {state.status === 'ready' && state.data.bound ? (
        <View>
          {state.data.canLog ? (
            <Card title="记一次" testId="records-log">
              <View className="pb-records__grid">
                {entryOrder.map((measure) => (
                  <View
                    key={measure}
                    className={`pb-records__tile ${measure === 'bp' ? 'pb-records__tile--wide' : ''}`}
                    role="button"
                    data-testid={`records-log-${measure}`}
                    onClick={() => void Taro.navigateTo({ url: recordsRoutes.entry(measure) }).catch(() => undefined)}
                  >
                    <Text>记{measureLabels[measure]}</Text>
                  </View>
                ))}
              </View>
              <NavRow testId="records-meters" title="从血压计 / 血糖仪导入" description="蓝牙设备里存的读数，一次导入，不用手输" onClick={() => void Taro.navigateTo({ url: recordsRoutes.meters }).catch(() => undefined)} />
            </Card>
          ) : (
            <AlertBox tone="info" message={`您没有为${state.data.residentName}记录读数的权限，可以请家人在「家人代办」里开通。`} testId="records-no-log-scope" />
          )}

          <Card title="本月达标情况" testId="records-control">
            {state.data.statuses.length === 0 ? (
              <Text className="pb-text">本月还没有需要统计的记录。</Text>
            ) : (
              state.data.statuses.map((status) => (
                <View key={status.measure} className="pb-records__status" data-testid={`records-control-${status.measure}`}>
                  <Text style={{ color: toneColors[status.tone] }}>{status.text}</Text>
                </View>
              ))
            )}
          </Card>

          <Card title="最近一次 · 点击看趋势图" testId="records-latest">
            {state.data.latest.length === 0 ? (
              <EmptyState title="还没有记录" description="记一次血压或血糖后，这里会显示最近的结果和趋势图" testId="records-latest-empty" />
            ) : (
              state.data.latest.map((item) => (
                <NavRow
                  key={item.measure}
                  testId={`records-latest-${item.measure}`}
                  title={`${item.label}  ${item.valueText}`}
                  description={`${item.dateText}${item.gradeText ? ` · ${item.gradeText}` : ''}`}
                  onClick={() => void Taro.navigateTo({ url: recordsRoutes.history(item.measure) }).catch(() => undefined)}
                />
              ))
            )}
            <NavRow testId="records-history" title="全部趋势图" description="血压、血糖、体重、血脂 7天 / 30天 / 90天" onClick={() => void Taro.navigateTo({ url: recordsRoutes.history('bp') }).catch(() => undefined)} />
          </Card>

          <Card title={`${possessiveOf(profile)}档案`} testId="records-archive-card">
            <NavRow testId="records-archive" title="查看健康档案" description="诊断、签约医生团队电话、化验、随访、用药、待办" onClick={() => void Taro.navigateTo({ url: recordsRoutes.archive }).catch(() => undefined)} />
            <NavRow testId="records-risk" title="心血管病风险评估" description="10年内得心梗、脑卒中的风险，做哪件事最有用，血脂目标" onClick={() => void Taro.navigateTo({ url: recordsRoutes.risk }).catch(() => undefined)} />
            <NavRow testId="records-medication" title="吃药记录" description="今天要吃的药、按时服药情况、用药方案" onClick={() => void Taro.navigateTo({ url: recordsRoutes.medicationToday }).catch(() => undefined)} />
          </Card>

          <Card title="导出记录发给医生" testId="records-export">
            <Text className="pb-muted">最近90天的测量记录，带姓名和日期范围。</Text>
            {exportError ? <AlertBox tone="error" message={exportError} testId="records-export-error" /> : null}
            <View className="pb-stack">
              <BigButton type="secondary" testId="records-export-pdf" loading={exporting === 'pdf'} onClick={() => void runExport('pdf')}>
                导出 PDF
              </BigButton>
              <BigButton type="secondary" testId="records-export-csv" loading={exporting === 'csv'} onClick={() => void runExport('csv')}>
                导出表格（CSV）
              </BigButton>
            </View>
          </Card>
        </View>
      ) : null}
    </PageShell>
  );
}
