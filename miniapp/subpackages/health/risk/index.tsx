import { Text, View } from '@tarojs/components';
import { Card, ErrorState, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { loadMyRisk } from '../../../services/risk';
import './index.scss';

const toneTags = { high: 'pb-tag--danger', medium: 'pb-tag--warning', low: 'pb-tag--ok', none: 'pb-tag--off' } as const;

/**
 * 心血管病风险评估 for the resident (or a family member who may view): the 10-year risk in words and
 * one big number, the risk with every factor at its ideal level, the changes that lower it most, the
 * lifetime check, the blood-lipid goal the risk sets, and what is still missing. Plain sentences,
 * large type; nothing but what the service computed (server/records/cardiovascularRisk.ts).
 */
export default function RiskPage() {
  const { state, reload } = useResource(loadMyRisk);
  return (
    <PageShell title="心血管病风险" testId="page-risk">
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' ? (
        <View>
          <Card title="10年内得心梗、脑卒中的风险" testId="risk-ten-year">
            {state.data.tenYearText ? (
              <View>
                <View className="pb-risk__headline">
                  <Text className="pb-risk__number" data-testid="risk-percent">
                    {state.data.tenYearText}
                  </Text>
                  <Text className={`pb-tag ${toneTags[state.data.tone]}`} data-testid="risk-category">
                    {state.data.categoryLabel}
                  </Text>
                </View>
                <Text className="pb-risk__sentence">{state.data.tenYearSentence}</Text>
                {state.data.idealText ? (
                  <Text className="pb-risk__sentence" data-testid="risk-ideal">
                    {state.data.idealText}
                  </Text>
                ) : null}
              </View>
            ) : null}
            {state.data.notApplicableText ? <Text className="pb-risk__sentence">{state.data.notApplicableText}</Text> : null}
            {state.data.missing.length > 0 ? (
              <View data-testid="risk-missing">
                <Text className="pb-risk__sentence">还不能算出风险。请先：</Text>
                {state.data.missing.map((item) => (
                  <Text key={item} className="pb-risk__todo">
                    · {item}
                  </Text>
                ))}
              </View>
            ) : null}
          </Card>

          {state.data.changes.length > 0 ? (
            <Card title="做哪件事最有用" testId="risk-changes">
              {state.data.changes.map((change, index) => (
                <View key={change.key} className="pb-list-item" data-testid="risk-change">
                  <Text className="pb-list-item__title">
                    {index === 0 ? '最有用：' : ''}
                    {change.text}
                  </Text>
                  <Text className="pb-list-item__meta">{change.resultText}</Text>
                </View>
              ))}
            </Card>
          ) : null}

          {state.data.lifetimeText ? (
            <Card title="终生风险" testId="risk-lifetime">
              <Text className="pb-risk__sentence">{state.data.lifetimeText}</Text>
            </Card>
          ) : null}

          <Card title="我的血脂目标" testId="risk-ldl-goal">
            <Text className="pb-risk__goal" data-testid="risk-ldl-goal-text">
              {state.data.ldlGoalText}
            </Text>
            {state.data.ldlStatusText ? <Text className={`pb-risk__sentence ${state.data.ldlAtGoal === false ? 'pb-risk__warn' : ''}`}>{state.data.ldlStatusText}</Text> : null}
            <Text className="pb-list-item__meta">{state.data.ldlGoalBasisText}</Text>
          </Card>

          <Text className="pb-risk__note">按《中国心血管病风险评估和管理指南》的 China-PAR 方法，用社区测量的血压、血脂和腰围计算，结果仅供参考，请听从家庭医生的建议。</Text>
        </View>
      ) : null}
    </PageShell>
  );
}
