import { Text, View } from '@tarojs/components';
import { useDidShow, useReachBottom } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { AlertBox, BigButton, Card, EmptyState, ErrorState, LoadingState, PageShell, Points, Price } from '../../components';
import { useResource } from '../../hooks/useResource';
import { checkoutRoutes } from '../../services/checkoutRoutes';
import { userMessageOf } from '../../services/errors';
import { openPage } from '../../services/navigation';
import { possessiveOf, useActiveProfile } from '../../state/activeProfile';
import { loadEarnWays, loadPassbook, loadStatementPage, recentMonths, statementKindFilters, type StatementKind, type StatementLineView } from '../../services/passbook';
import './index.scss';

type ListState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; lines: StatementLineView[]; nextCursor: string | null; loadingMore: boolean; moreError: string | null };

/** 存折: balance, 冻结中, 可用, expiry notices, the statement (每一笔) with filters, and how to earn more. */
export default function PassbookPage() {
  const summary = useResource(loadPassbook);
  const earnWays = useResource(loadEarnWays);
  const months = useRef(recentMonths(new Date())).current;
  const [month, setMonth] = useState<string | null>(null);
  const [kind, setKind] = useState<StatementKind | 'all'>('all');
  const [list, setList] = useState<ListState>({ status: 'loading' });
  const generation = useRef(0);

  const loadFirst = useCallback(() => {
    const current = ++generation.current;
    setList({ status: 'loading' });
    loadStatementPage({ month, kind, cursor: null })
      .then((page) => current === generation.current && setList({ status: 'ready', lines: page.lines, nextCursor: page.nextCursor, loadingMore: false, moreError: null }))
      .catch((error: unknown) => current === generation.current && setList({ status: 'error', message: userMessageOf(error) }));
  }, [month, kind]);

  useEffect(() => loadFirst(), [loadFirst]);

  const loadMore = useCallback(() => {
    if (list.status !== 'ready' || !list.nextCursor || list.loadingMore) return;
    const current = generation.current;
    setList({ ...list, loadingMore: true, moreError: null });
    loadStatementPage({ month, kind, cursor: list.nextCursor })
      .then((page) => current === generation.current && setList({ status: 'ready', lines: [...list.lines, ...page.lines], nextCursor: page.nextCursor, loadingMore: false, moreError: null }))
      .catch((error: unknown) => current === generation.current && setList({ ...list, loadingMore: false, moreError: userMessageOf(error) }));
  }, [list, month, kind]);

  useReachBottom(loadMore);
  // Coming back to the tab (after a visit or a purchase): fresh figures.
  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) {
      firstShow.current = false;
      return;
    }
    summary.reload();
    loadFirst();
  });

  const profile = useActiveProfile();
  return (
    <PageShell title="健康存折" testId="page-passbook">
      {/* 抵扣 at a partner pharmacy: the one action at the till, first and largest. */}
      <View className="pb-stack" style={{ marginTop: 0, marginBottom: '16px' }}>
        <BigButton type="primary" testId="passbook-show-code" onClick={() => openPage(checkoutRoutes.redeemCode)}>
          出示抵扣码
        </BigButton>
      </View>

      <Card testId="passbook-summary">
        {summary.state.status === 'loading' ? <LoadingState /> : null}
        {summary.state.status === 'error' ? <ErrorState message={summary.state.message} onRetry={summary.reload} /> : null}
        {summary.state.status === 'ready' ? (
          <View className="pb-passbook__summary">
            <Text className="pb-muted" data-testid="passbook-owner">
              {possessiveOf(profile)}积分
            </Text>
            <Points points={summary.state.data.balancePoints} size="large" testId="passbook-balance" />
            <View className="pb-passbook__split">
              <View className="pb-passbook__cell">
                <Text className="pb-muted">可用</Text>
                <Points points={summary.state.data.availablePoints} testId="passbook-available" />
                <Text className="pb-muted">
                  约合 <Price amountFen={summary.state.data.availableValueFen} />
                </Text>
              </View>
              <View className="pb-passbook__cell">
                <Text className="pb-muted">冻结中</Text>
                <Points points={summary.state.data.heldPoints} testId="passbook-held" />
              </View>
            </View>
            {summary.state.data.expiryNotices.map((text) => (
              <View key={text} className="pb-passbook__expiry" data-testid="passbook-expiry" role="alert">
                <Text>⏰ {text}，请及时使用</Text>
              </View>
            ))}
            <Text className="pb-text" data-testid="passbook-allowance">
              {summary.state.data.allowanceText}
            </Text>
          </View>
        ) : null}
      </Card>

      <Card title="积分明细" testId="passbook-statement">
        <View className="pb-passbook__chips" data-testid="passbook-months">
          <Chip label="全部月份" active={month === null} testId="passbook-month-all" onClick={() => setMonth(null)} />
          {months.map((m) => (
            <Chip key={m.key} label={m.label} active={month === m.key} testId={`passbook-month-${m.key}`} onClick={() => setMonth(m.key)} />
          ))}
        </View>
        <View className="pb-passbook__chips" data-testid="passbook-kinds">
          {statementKindFilters.map((f) => (
            <Chip key={f.key} label={f.label} active={kind === f.key} testId={`passbook-kind-${f.key}`} onClick={() => setKind(f.key)} />
          ))}
        </View>
        {list.status === 'loading' ? <LoadingState /> : null}
        {list.status === 'error' ? <ErrorState message={list.message} onRetry={loadFirst} /> : null}
        {list.status === 'ready' && list.lines.length === 0 ? (
          <EmptyState title="这里还没有积分记录" description="记录血压血糖、参加筛查和随访，都能获得积分" testId="passbook-empty" />
        ) : null}
        {list.status === 'ready'
          ? list.lines.map((line) => (
              <View key={line.key} className="pb-passbook__line" data-testid="passbook-line">
                <View className="pb-passbook__line-main">
                  <Text className="pb-passbook__reason" data-testid="passbook-line-reason">
                    {line.reasonText}
                  </Text>
                  <Text className="pb-muted">{line.dateText}</Text>
                </View>
                <View className="pb-passbook__line-side">
                  {line.points !== null ? (
                    <Points points={line.points} signed className={`pb-passbook__amount pb-passbook__amount--${line.tone}`} testId="passbook-line-points" />
                  ) : (
                    <Text className="pb-passbook__amount pb-passbook__amount--neutral" data-testid="passbook-line-points">
                      {line.heldText}
                    </Text>
                  )}
                  <Text className="pb-muted" data-testid="passbook-line-balance">
                    余额 {line.balanceAfterPoints}
                  </Text>
                </View>
              </View>
            ))
          : null}
        {list.status === 'ready' && list.nextCursor ? (
          <BigButton type="secondary" testId="passbook-more" onClick={loadMore}>
            {list.loadingMore ? '正在加载…' : '加载更多'}
          </BigButton>
        ) : null}
        {list.status === 'ready' && list.moreError ? <AlertBox tone="error" message={list.moreError} /> : null}
      </Card>

      <Card title="怎样获得更多积分" testId="passbook-earn-more">
        {earnWays.state.status === 'loading' ? <LoadingState /> : null}
        {earnWays.state.status === 'error' ? <ErrorState message={earnWays.state.message} onRetry={earnWays.reload} /> : null}
        {earnWays.state.status === 'ready' ? (
          <View className="pb-stack">
            {earnWays.state.data.upcoming ? (
              <AlertBox tone="info" title={earnWays.state.data.upcoming.noticeText} testId="passbook-upcoming">
                {earnWays.state.data.upcoming.changes.map((c) => (
                  <Text key={c} className="pb-text">
                    · {c}
                  </Text>
                ))}
              </AlertBox>
            ) : null}
            {earnWays.state.data.ways.map((w) => (
              <View key={w.key} className="pb-passbook__way" data-testid="passbook-way">
                <View className="pb-passbook__line-main">
                  <Text className="pb-text">{w.label}</Text>
                  {w.note ? <Text className="pb-muted">{w.note}</Text> : null}
                </View>
                <Text className="pb-passbook__amount pb-passbook__amount--plus">+{w.points}</Text>
              </View>
            ))}
            <Text className="pb-text">{earnWays.state.data.valueText}</Text>
            {earnWays.state.data.otherLines.map((l) => (
              <Text key={l} className="pb-muted">
                · {l}
              </Text>
            ))}
          </View>
        ) : null}
      </Card>
    </PageShell>
  );
}

function Chip(props: { label: string; active: boolean; testId: string; onClick: () => void }) {
  return (
    <View className={`pb-passbook__chip ${props.active ? 'pb-passbook__chip--active' : ''}`} role="button" aria-pressed={props.active ? 'true' : 'false'} data-testid={props.testId} onClick={props.onClick}>
      <Text>{props.active ? `✓ ${props.label}` : props.label}</Text>
    </View>
  );
}
