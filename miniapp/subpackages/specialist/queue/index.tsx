import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useRef } from 'react';
import { Card, EmptyState, ErrorState, LoadingState, NavRow, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { specialistRoutes } from '../../../services/careRoutes';
import { maskName, sexAgeText } from '../../../services/doctorLabels';
import { formatCalendarDay } from '../../../services/displayTime';
import { openPage } from '../../../services/navigation';
import { loadQueue } from '../../../services/specialist';
import '../../doctor/doctor.scss';

/**
 * 专科共管: the residents of the primary-care institutions assigned to this specialist who need a
 * look — flagged by the rules or referred by their team (urgent ones first, then the longest
 * waiting) — and those whose next review is near. A tap opens the resident's review.
 */
export default function SpecialistQueuePage() {
  const { state, reload } = useResource(loadQueue);
  const shownBefore = useRef(false);
  useDidShow(() => {
    if (shownBefore.current) reload();
    shownBefore.current = true;
  });
  return (
    <PageShell title="专科共管" testId="page-specialist-queue" showProfile={false}>
      <Card>
        <NavRow title="转诊接收" description="基层转来的居民：接收、不接收、下转" testId="specialist-referrals" onClick={() => openPage(specialistRoutes.referrals)} />
      </Card>
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' && state.data.residents.length === 0 ? <EmptyState title="暂时没有需要会诊的居民" description="基层团队申请会诊或居民病情需要时，会出现在这里" testId="queue-empty" /> : null}
      {state.status === 'ready' && state.data.residents.length > 0 ? (
        <Text className="pb-doc__summary-line" data-testid="queue-total">
          共 {state.data.total} 位，最紧急的在最上面
        </Text>
      ) : null}
      {state.status === 'ready'
        ? state.data.residents.map((r) => (
            <View
              key={r.residentId}
              className={`pb-doc__row ${r.urgent ? 'pb-doc__row--urgent' : ''}`}
              role="button"
              data-testid="queue-row"
              data-resident-id={r.residentId}
              onClick={() => openPage(`${specialistRoutes.review}?id=${encodeURIComponent(r.residentId)}`)}
            >
              <View className="pb-doc__row-main">
                <View className="pb-doc__row-title">
                  <Text className="pb-doc__name" data-testid="queue-row-name">
                    {maskName(r.name)}
                  </Text>
                  <Text className="pb-doc__meta">{sexAgeText(r.sex, r.ageYears)}</Text>
                </View>
                <Text className="pb-doc__meta">{r.institutionName}</Text>
                <View className="pb-doc__badges">
                  {r.flags.map((f) => (
                    <Text key={`${f.reason}${f.on}`} className={`pb-tag ${r.urgent ? 'pb-tag--danger' : 'pb-tag--warning'}`} data-testid="queue-row-flag">
                      {f.label}
                    </Text>
                  ))}
                  {!r.needsReview && r.nextReviewOn ? <Text className="pb-tag pb-tag--info">复诊 {formatCalendarDay(r.nextReviewOn)}</Text> : null}
                </View>
              </View>
              <Text className="pb-doc__arrow">›</Text>
            </View>
          ))
        : null}
    </PageShell>
  );
}
