import { Text, View } from '@tarojs/components';
import { Card, EmptyState, ErrorState, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { loadPlans } from '../../../services/medication';
import { AdherenceLines } from '../components/AdherenceLines';
import '../medication.scss';

/** 用药方案: each medicine with how and until when, long-prescription refills, the folate course and its re-check, and earlier versions. */
export default function MedicationPlansPage() {
  const { state, reload } = useResource(loadPlans);
  return (
    <PageShell title="用药方案" testId="page-medication-plans">
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' ? (
        <View>
          {state.data.plans.length === 0 ? <EmptyState title="还没有用药方案" description="家庭医生开药后会显示在这里" testId="medication-plans-empty" /> : null}
          {state.data.plans.map((plan) => (
            <Card key={plan.planId} title={plan.stopped ? `${plan.title}（已停药）` : plan.title} testId="medication-plan">
              <View>
                {plan.tags.map((tag) => (
                  <Text key={tag} className="pb-tag pb-tag--info">
                    {tag}
                  </Text>
                ))}
              </View>
              {plan.lines.map((line) => (
                <Text key={line} className="pb-text">
                  {line}
                </Text>
              ))}
              {plan.history.length > 0 ? (
                <View data-testid="medication-plan-history">
                  <Text className="pb-strong">修改记录</Text>
                  {plan.history.map((line) => (
                    <Text key={line} className="pb-muted">
                      {line}
                    </Text>
                  ))}
                </View>
              ) : null}
            </Card>
          ))}
          <Card title="按时服药情况">
            <AdherenceLines lines={state.data.adherence} />
          </Card>
        </View>
      ) : null}
    </PageShell>
  );
}
