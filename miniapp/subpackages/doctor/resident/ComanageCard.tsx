import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { Card, NavRow } from '../../../components';
import { loadTeamComanagement, type TeamComanagementView } from '../../../services/comanagement';
import { doctorRoutes, residentPage } from '../../../services/staffRoutes';
import { formatCalendarDay } from '../../../services/displayTime';
import { userMessageOf } from '../../../services/errors';
import { openPage } from '../../../services/navigation';

export interface ComanageCardProps {
  residentId: string;
  /** Changes when the resident page reloads. */
  refreshToken: unknown;
}

/**
 * 专科共管与转诊 on the doctor's resident page: why the resident is with the specialists, the latest
 * 接诊服务记录单 (plan changes, advice to the team, next review) and where referrals stand; links to
 * ask for a review or refer up, and to recommend health knowledge.
 */
export function ComanageCard(props: ComanageCardProps) {
  const { residentId, refreshToken } = props;
  const [state, setState] = useState<{ status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: TeamComanagementView }>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    loadTeamComanagement(residentId)
      .then((data) => live && setState({ status: 'ready', data }))
      .catch((error: unknown) => live && setState({ status: 'error', message: userMessageOf(error) }));
    return () => {
      live = false;
    };
  }, [residentId, refreshToken]);

  const latest = state.status === 'ready' ? state.data.visits[0] : undefined;
  const referrals = state.status === 'ready' ? state.data.referrals.filter((r) => r.state !== 'cancelled').slice(0, 3) : [];
  return (
    <Card title="专科共管与转诊" testId="resident-comanage">
      {state.status === 'loading' ? <Text className="pb-muted">正在读取…</Text> : null}
      {state.status === 'error' ? <Text className="pb-muted">{state.message}</Text> : null}
      {state.status === 'ready' && state.data.case?.needsReview ? (
        <Text className="pb-doc__attention" data-testid="resident-comanage-waiting">
          等待专科医生会诊：{state.data.case.flags.at(-1)?.label ?? ''}
        </Text>
      ) : null}
      {latest ? (
        <View className="pb-list-item" data-testid="resident-specialist-visit">
          <Text className="pb-list-item__title">
            {formatCalendarDay(latest.visitedOn)} {latest.hospitalName} {latest.specialistName}（{latest.settingLabel}）
          </Text>
          <Text className="pb-list-item__meta">所见：{latest.findings}</Text>
          {latest.diagnosisReview ? <Text className="pb-list-item__meta">诊断复核：{latest.diagnosisReview}</Text> : null}
          {latest.planChanges.map((c) => (
            <Text key={c.text} className="pb-list-item__meta pb-strong" data-testid="resident-plan-change">
              {c.kindLabel}：{c.text}
            </Text>
          ))}
          {latest.adviceToTeam ? (
            <Text className="pb-list-item__meta" data-testid="resident-advice-to-team">
              给团队的建议：{latest.adviceToTeam}
            </Text>
          ) : null}
          {latest.nextReviewOn ? <Text className="pb-list-item__meta">下次专科复诊：{formatCalendarDay(latest.nextReviewOn)}</Text> : null}
        </View>
      ) : null}
      {referrals.map((r) => (
        <View key={r.referralId} className="pb-list-item" data-testid="resident-referral" data-state={r.state}>
          <Text className="pb-list-item__title">
            上转 {r.toInstitutionName}：{r.stateLabel}
          </Text>
          {r.plan ? (
            <Text className="pb-list-item__meta" data-testid="resident-referral-plan">
              下转方案：{r.plan.text}（{r.plan.followUpWithinDays} 天内随访）
            </Text>
          ) : (
            <Text className="pb-list-item__meta">
              {formatCalendarDay(r.referredOn)} {r.reason}
            </Text>
          )}
        </View>
      ))}
      <NavRow title="申请会诊 / 上转" description="请上级医院专科医生看看，或转诊（可走绿色通道）" testId="resident-comanage-open" onClick={() => openPage(residentPage(doctorRoutes.comanage, residentId))} />
      <NavRow title="推荐健康知识" description="居民的健康知识列表里排在最前，并收到通知" testId="resident-recommend" onClick={() => openPage(residentPage(doctorRoutes.recommend, residentId))} />
    </Card>
  );
}
