import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { AlertBox, BigButton, Card, ChipGroup, EmptyState, ErrorState, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { conditionFilterOptions, controlFilterOptions, filterSummary, flagFilterOptions, isFiltered, loadPanelPage, loadStaffNotices, markNoticeRead, noPanelFilters, riskFilterOptions, type ConditionKey, type ControlKey, type RiskKey, type PanelFilters, type PanelRowView, type StaffNoticeView } from '../../../services/doctorPanel';
import { doctorRoutes, residentPage } from '../../../services/staffRoutes';
import { userMessageOf } from '../../../services/errors';
import { openPage } from '../../../services/navigation';
import '../doctor.scss';

type ListState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; rows: PanelRowView[]; total: number; page: number; hasMore: boolean; loadingMore: boolean; moreError: string | null };

/**
 * 家庭医生工作台: the team's contracted residents, most urgent first (open alerts → overdue
 * follow-ups → not at target), with each one's cardiovascular risk, filters (incl. by that risk) and
 * 加载更多; a row opens the resident. Escalated alerts
 * (工作通知) sit on top for the team lead.
 */
export default function DoctorPanelPage() {
  const [filters, setFilters] = useState<PanelFilters>(noPanelFilters);
  const [moreFilters, setMoreFilters] = useState(false);
  const [list, setList] = useState<ListState>({ status: 'loading' });
  const notices = useResource(loadStaffNotices);
  const generation = useRef(0);

  const loadFirst = useCallback(() => {
    const current = ++generation.current;
    setList({ status: 'loading' });
    return loadPanelPage(filters, 1)
      .then((page) => current === generation.current && setList({ status: 'ready', ...page, loadingMore: false, moreError: null }))
      .catch((error: unknown) => current === generation.current && setList({ status: 'error', message: userMessageOf(error) }));
  }, [filters]);

  useEffect(() => {
    void loadFirst();
  }, [loadFirst]);

  const loadMore = useCallback(() => {
    if (list.status !== 'ready' || !list.hasMore || list.loadingMore) return;
    const current = generation.current;
    setList({ ...list, loadingMore: true, moreError: null });
    loadPanelPage(filters, list.page + 1)
      .then((page) => current === generation.current && setList({ status: 'ready', ...page, rows: [...list.rows, ...page.rows], loadingMore: false, moreError: null }))
      .catch((error: unknown) => current === generation.current && setList({ ...list, loadingMore: false, moreError: userMessageOf(error) }));
  }, [list, filters]);

  useReachBottom(loadMore);
  usePullDownRefresh(() => {
    notices.reload();
    void loadFirst().finally(() => Taro.stopPullDownRefresh());
  });
  // Back from a resident (an alert closed, a follow-up recorded): the order may have changed.
  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) {
      firstShow.current = false;
      return;
    }
    notices.reload();
    void loadFirst();
  });

  const openNotice = (notice: StaffNoticeView) => {
    void markNoticeRead(notice.noticeId).catch(() => undefined);
    if (notice.residentId) openPage(residentPage(doctorRoutes.resident, notice.residentId));
  };

  const unread = notices.state.status === 'ready' ? notices.state.data.filter((n) => n.unread) : [];

  return (
    <PageShell title="家庭医生工作台" testId="page-doctor-panel" showProfile={false}>
      {unread.length > 0 ? (
        <AlertBox tone="warning" title={`工作通知 ${unread.length} 条`} testId="doctor-notices">
          {unread.slice(0, 3).map((n) => (
            <Text key={n.noticeId} className="pb-text" data-testid="doctor-notice" onClick={() => openNotice(n)}>
              {n.title}：{n.body}（{n.timeText}）
            </Text>
          ))}
        </AlertBox>
      ) : null}

      <Card testId="panel-filters" className="pb-doc__filters">
        <ChipGroup
          label="只看"
          options={flagFilterOptions}
          selected={flagFilterOptions.filter((o) => filters[o.key]).map((o) => o.key)}
          testId="panel-flag"
          onSelect={(key) => setFilters({ ...filters, [key]: !filters[key as 'overdue' | 'openAlerts' | 'poorAdherence'] })}
        />
        {moreFilters ? (
          <View>
            <ChipGroup
              label="病种"
              options={conditionFilterOptions}
              selected={[filters.condition ?? 'all']}
              testId="panel-condition"
              onSelect={(key) => setFilters({ ...filters, condition: key === 'all' ? null : (key as ConditionKey) })}
            />
            <ChipGroup
              label="达标情况"
              options={controlFilterOptions}
              selected={[filters.control ?? 'all']}
              testId="panel-control"
              onSelect={(key) => setFilters({ ...filters, control: key === 'all' ? null : (key as ControlKey) })}
            />
            <ChipGroup
              label="心血管风险"
              options={riskFilterOptions}
              selected={[filters.risk ?? 'all']}
              testId="panel-risk"
              onSelect={(key) => setFilters({ ...filters, risk: key === 'all' ? null : (key as RiskKey) })}
            />
          </View>
        ) : null}
        <Text className="pb-link" data-testid="panel-more-filters" onClick={() => setMoreFilters(!moreFilters)}>
          {moreFilters ? '收起' : `按病种、达标情况、心血管风险筛选${filterSummary(filters) ? `（${filterSummary(filters)}）` : ''}`}
        </Text>
      </Card>

      {list.status === 'loading' ? <LoadingState /> : null}
      {list.status === 'error' ? <ErrorState message={list.message} onRetry={() => void loadFirst()} testId="panel-error" /> : null}
      {list.status === 'ready' && list.rows.length === 0 ? (
        <EmptyState title="没有符合条件的居民" description={isFiltered(filters) ? '换个筛选条件试试' : '本团队还没有有效签约的居民'} testId="panel-empty" />
      ) : null}
      {list.status === 'ready' && list.rows.length > 0 ? (
        <Text className="pb-doc__summary-line" data-testid="panel-total">
          共 {list.total} 位签约居民，最紧急的在最上面
        </Text>
      ) : null}
      {list.status === 'ready'
        ? list.rows.map((row) => (
            <View
              key={row.residentId}
              className={`pb-doc__row ${row.urgent ? 'pb-doc__row--urgent' : ''}`}
              role="button"
              data-testid="panel-row"
              data-resident-id={row.residentId}
              data-urgent={row.urgent ? 'true' : 'false'}
              onClick={() => openPage(residentPage(doctorRoutes.resident, row.residentId))}
            >
              <View className="pb-doc__row-main">
                <View className="pb-doc__row-title">
                  <Text className="pb-doc__name" data-testid="panel-row-name">
                    {row.nameMasked}
                  </Text>
                  {row.sexAgeText ? <Text className="pb-doc__meta">{row.sexAgeText}</Text> : null}
                </View>
                <Text className="pb-doc__meta" data-testid="panel-row-conditions">
                  {row.conditionsText}
                </Text>
                <View className="pb-doc__badges">
                  {row.badges.map((badge) => (
                    <Text key={badge.key} className={`pb-tag pb-tag--${badge.tone}`} data-testid={`panel-badge-${badge.key}`}>
                      {badge.text}
                    </Text>
                  ))}
                </View>
                {row.followUpText ? <Text className="pb-doc__meta">{row.followUpText}</Text> : null}
              </View>
              <Text className="pb-doc__arrow">›</Text>
            </View>
          ))
        : null}
      {list.status === 'ready' && list.hasMore ? (
        <BigButton type="secondary" loading={list.loadingMore} testId="panel-more" onClick={loadMore}>
          加载更多（还有 {list.total - list.rows.length} 位）
        </BigButton>
      ) : null}
      {list.status === 'ready' && list.moreError ? <AlertBox tone="error" message={list.moreError} testId="panel-more-error" /> : null}
    </PageShell>
  );
}
