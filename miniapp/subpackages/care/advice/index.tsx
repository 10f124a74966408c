import { Text, View } from '@tarojs/components';
import { Card, EmptyState, ErrorState, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { dayText, loadSpecialistAdvice } from '../../../services/care';
import '../care.scss';

/**
 * 专科医生的建议: what the county or city hospital's specialist advised after looking at the
 * resident's records (in plain words, as they wrote it for the resident), the changes to the plan,
 * the next review; and where the resident's referrals stand.
 */
export default function SpecialistAdvicePage() {
  const { state, reload } = useResource(loadSpecialistAdvice);
  if (state.status !== 'ready') {
    return <PageShell title="专科医生的建议" testId="page-care-advice">{state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : <LoadingState />}</PageShell>;
  }
  const { visits, referrals } = state.data;
  return (
    <PageShell title="专科医生的建议" testId="page-care-advice">
      {visits.length === 0 && referrals.length === 0 ? <EmptyState title="还没有专科医生的建议" description="需要时，家庭医生会请上级医院的专科医生帮您看看" testId="advice-empty" /> : null}
      {visits.map((v) => (
        <Card key={v.visitId} title={`${dayText(v.visitedOn)} ${v.hospitalName}${v.department ? ` ${v.department}` : ''}`} testId="advice-visit">
          <Text className="pb-muted">
            {v.specialistName} · {v.settingLabel}
          </Text>
          <Text className="pb-care__advice" data-testid="advice-text">
            {v.advice}
          </Text>
          {v.planChanges.map((c) => (
            <Text key={`${c.kindLabel}${c.text}`} className="pb-text" data-testid="advice-plan-change">
              {c.kindLabel}：{c.text}
            </Text>
          ))}
          {v.nextReviewOn ? (
            <Text className="pb-text" data-testid="advice-next-review">
              下次专科复诊：{dayText(v.nextReviewOn)}
            </Text>
          ) : null}
        </Card>
      ))}
      {referrals.length > 0 ? (
        <Card title="转诊" testId="advice-referrals">
          {referrals.map((r) => (
            <View key={r.referralId} className="pb-list-item" data-testid="advice-referral">
              <Text className="pb-list-item__title">
                {r.toInstitutionName}
                {r.toDepartment ? ` ${r.toDepartment}` : ''}
              </Text>
              <Text className="pb-list-item__meta" data-testid="advice-referral-state">
                {dayText(r.referredOn)} 转出 · {r.stateLabel}
                {r.greenChannel ? ' · 绿色通道' : ''}
              </Text>
              {r.advice ? <Text className="pb-care__advice">{r.advice}</Text> : null}
              {r.followUpWithinDays ? <Text className="pb-text">请在 {r.followUpWithinDays} 天内找家庭医生随访。</Text> : null}
            </View>
          ))}
        </Card>
      ) : null}
    </PageShell>
  );
}
