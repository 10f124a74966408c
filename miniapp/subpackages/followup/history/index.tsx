import { Text, View } from '@tarojs/components';
import { Card, EmptyState, ErrorState, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { loadFollowUpHistory } from '../../../services/followups';
import '../followup.scss';

/** 随访记录: each follow-up with its classification (控制满意 / 不满意 …), BP and the doctor's advice. */
export default function FollowUpHistoryPage() {
  const { state, reload } = useResource(loadFollowUpHistory);
  return (
    <PageShell title="随访记录" testId="page-follow-up-history">
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' && state.data.length === 0 ? <EmptyState title="还没有随访记录" description="医生随访后，记录会显示在这里" testId="history-empty" /> : null}
      {state.status === 'ready'
        ? state.data.map((f) => (
            <Card key={f.followUpId} title={`${f.dateText} · ${f.modeLabel}`} testId="history-item">
              <View className="pb-stack">
                {f.classificationLabel ? (
                  <Text className={f.tone === 'good' ? 'pb-fu__good' : 'pb-fu__attention'} data-testid="history-classification">
                    {f.classificationLabel}
                  </Text>
                ) : null}
                {f.bpText ? <Text className="pb-text">血压：{f.bpText}</Text> : null}
                {f.advice ? (
                  <Text className="pb-text" data-testid="history-advice">
                    医生的建议：{f.advice}
                  </Text>
                ) : null}
                {f.medicationAdjustment ? <Text className="pb-text">用药调整：{f.medicationAdjustment}</Text> : null}
                {f.nextVisitText ? <Text className="pb-muted">下次随访：{f.nextVisitText}前</Text> : null}
                {f.doctorName ? <Text className="pb-muted">随访医生：{f.doctorName}</Text> : null}
              </View>
            </Card>
          ))
        : null}
    </PageShell>
  );
}
