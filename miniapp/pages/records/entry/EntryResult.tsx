import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { AlertBox, BigButton, Card, PageShell, UrgentAdvice, UrgentPlan, type TeamContact } from '../../../components';
import { platform } from '../../../platform';
import { measureLabels, type ReadingMeasure } from '../../../services/readingForms';
import { toneColors } from '../../../services/readingDisplay';
import type { ReadingResultView } from '../../../services/readingResult';
import { recordsRoutes } from '../../../services/recordsRoutes';
import type { ResultPhase } from './useReadingEntry';

export interface EntryResultProps {
  measure: ReadingMeasure;
  phase: ResultPhase;
  team: TeamContact | null;
  /** 我知道了 on the urgent advice: the phase without the overlay. */
  onPhaseChange: (phase: ResultPhase) => void;
  /** 再记一次: a fresh, empty entry. */
  onAgain: () => void;
}

const call120 = () => void platform.makePhoneCall('120');
const callTeam = (phone: string) => void platform.makePhoneCall(phone);

/** After 保存: what was saved (or kept on the phone), the urgent plan if any, and where to go next. */
export function EntryResult({ measure, phase, team, onPhaseChange, onAgain }: EntryResultProps) {
  const plan = phase.kind === 'saved' ? phase.result.urgentPlan : phase.urgentPlan;
  const valueText = phase.kind === 'saved' ? phase.result.valueText : phase.valueText;
  const teamNotified = phase.kind === 'saved' && phase.result.teamNotified;
  const urgentOverlay =
    plan && phase.showUrgent ? (
      <UrgentAdvice
        headline={plan.headline}
        valueText={valueText}
        steps={plan.steps}
        call120Symptoms={plan.call120Symptoms}
        teamNotified={teamNotified}
        team={team}
        onCall120={call120}
        onCallTeam={callTeam}
        onClose={() => onPhaseChange({ ...phase, showUrgent: false })}
      />
    ) : null;
  // After 我知道了 the plan and both call buttons stay on the result screen.
  const urgentCard = plan ? (
    <Card title={`⚠ ${plan.headline}`} testId="entry-result-urgent" className="pb-entry__urgent">
      <UrgentPlan steps={plan.steps} call120Symptoms={plan.call120Symptoms} team={team} testId="entry-urgent-plan" onCall120={call120} onCallTeam={callTeam} />
      <Text className="pb-text pb-strong" data-testid="entry-urgent-team">
        {teamNotified ? '已通知您的家庭医生团队。' : '联网后会自动上传，并通知您的家庭医生团队。'}
      </Text>
    </Card>
  ) : null;
  return (
    <PageShell title={`记录${measureLabels[measure]}`} testId={`page-entry-${measure}`}>
      {urgentOverlay}
      {phase.kind === 'saved' ? (
        <SavedResultCard result={phase.result} />
      ) : (
        <AlertBox tone="warning" title="已保存在手机上" message={phase.message} testId="entry-queued" />
      )}
      {urgentCard}
      <View className="pb-stack">
        <BigButton type={plan ? 'secondary' : 'primary'} testId="entry-again" onClick={onAgain}>
          再记一次{measureLabels[measure]}
        </BigButton>
        <BigButton type="secondary" testId="entry-history" onClick={() => void Taro.redirectTo({ url: recordsRoutes.history(measure) }).catch(() => undefined)}>
          看{measureLabels[measure]}趋势图
        </BigButton>
        <BigButton type="secondary" testId="entry-back" onClick={() => void Taro.switchTab({ url: recordsRoutes.tab }).catch(() => undefined)}>
          返回记录
        </BigButton>
      </View>
    </PageShell>
  );
}

/** The saved value in its tone, its grade against the target, and the points it earned. */
function SavedResultCard({ result }: { result: ReadingResultView }) {
  return (
    <Card title={result.duplicate ? '这条记录之前已保存' : '已保存'} testId="entry-result">
      <Text className="pb-entry__result-value" style={{ color: toneColors[result.tone] }} data-testid="entry-result-value">
        {result.valueText}
      </Text>
      {result.gradeText ? (
        <Text className="pb-entry__result-grade" style={{ color: toneColors[result.tone] }} data-testid="entry-result-grade">
          {result.gradeText}
          {result.atTargetText ? ` · ${result.atTargetText}` : ''}
          {result.urgent ? ' · 紧急' : ''}
        </Text>
      ) : null}
      {result.targetText ? <Text className="pb-text">{result.targetText}</Text> : null}
      {result.pointsText ? (
        <Text className="pb-entry__points" data-testid="entry-result-points">
          {result.pointsText}
        </Text>
      ) : null}
      {result.warnings.map((w) => (
        <Text key={w} className="pb-muted">
          {w}
        </Text>
      ))}
    </Card>
  );
}
