import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useRef } from 'react';
import { Card, EmptyState, ErrorState, LoadingState, NavRow, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { educationMonthText, loadEducation } from '../../../services/care';
import { careRoutes } from '../../../services/careRoutes';
import { openPage } from '../../../services/navigation';
import { getActiveProfile } from '../../../state/activeProfile';
import '../care.scss';

/**
 * 健康知识: what the doctor recommended first, then what fits the resident's conditions, then the
 * rest; read or watch, answer a few questions, and earn education points (a few a month). The
 * clinic's offline classes are checked in from here too.
 */
export default function LearnPage() {
  const { state, reload } = useResource(loadEducation);
  const shownBefore = useRef(false);
  useDidShow(() => {
    if (shownBefore.current) reload();
    shownBefore.current = true;
  });
  const own = getActiveProfile()?.relation !== 'proxy';
  if (state.status !== 'ready') {
    return <PageShell title="健康知识" testId="page-care-learn">{state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : <LoadingState />}</PageShell>;
  }
  const { items, month } = state.data;
  return (
    <PageShell title="健康知识" testId="page-care-learn">
      <Card testId="learn-month">
        <Text className="pb-text" data-testid="learn-month-text">
          {educationMonthText(month)}
        </Text>
        {own ? <NavRow title="参加健康讲座，扫码签到" description="在社区卫生服务中心现场扫二维码" testId="learn-check-in" onClick={() => openPage(careRoutes.checkIn)} /> : null}
      </Card>
      {items.length === 0 ? <EmptyState title="暂时没有健康知识" testId="learn-empty" /> : null}
      <Card testId="learn-items">
        {items.map((item) => (
          <View key={item.itemId} data-testid="learn-item" data-item-id={item.itemId}>
            <NavRow
              title={item.title}
              description={[item.assigned ? `医生推荐${item.assignedNote ? `：${item.assignedNote}` : ''}` : null, item.kind === 'video' ? '短视频' : '图文', item.topicLabel, item.completed ? '已学完' : null].filter(Boolean).join(' · ')}
              {...(item.assigned && !item.completed ? { badge: '推荐' } : {})}
              testId="learn-item-row"
              onClick={() => openPage(`${careRoutes.article}?id=${encodeURIComponent(item.itemId)}`)}
            />
          </View>
        ))}
      </Card>
    </PageShell>
  );
}
