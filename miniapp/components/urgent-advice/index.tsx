import { Text, View } from '@tarojs/components';
import { BigButton } from '../big-button';
import { UrgentPlan, type TeamContact } from '../urgent-plan';
import './index.scss';

export interface UrgentAdviceProps {
  /** "血压很高（3级），需要立即处理" */
  headline: string;
  /** "184/111 mmHg" */
  valueText: string;
  /** What to do now, in order, and the symptoms that mean 120 (shared/clinical/urgentPlan.ts). */
  steps: string[];
  call120Symptoms: string[];
  /** true: the service raised an alert; false: not yet (offline) — it will when the reading syncs. */
  teamNotified: boolean;
  team: TeamContact | null;
  testId?: string;
  onCall120?: () => void;
  onCallTeam?: (phone: string) => void;
  onClose?: () => void;
}

const defaultProps = { testId: 'urgent-advice' } satisfies Partial<UrgentAdviceProps>;

/**
 * The full-screen red card shown the moment an urgent value is saved: how severe it is, the value,
 * what to do now, 120 and the family doctor one tap away, and whether the team knows. Closing it
 * leaves the same plan and buttons on the result screen.
 */
export function UrgentAdvice(props: UrgentAdviceProps) {
  const { headline, valueText, steps, call120Symptoms, teamNotified, team, testId, onCall120, onCallTeam, onClose } = { ...defaultProps, ...props };
  return (
    <View className="pb-urgent" data-testid={testId} role="alertdialog" aria-modal="true">
      <View className="pb-urgent__card">
        <Text className="pb-urgent__title" data-testid={`${testId}-headline`}>
          ⚠ {headline}
        </Text>
        <Text className="pb-urgent__value" data-testid={`${testId}-value`}>
          {valueText}
        </Text>
        <Text className="pb-urgent__now">现在请这样做：</Text>
        <View data-testid={`${testId}-lines`}>
          <UrgentPlan steps={steps} call120Symptoms={call120Symptoms} team={team} testId={`${testId}-plan`} onCall120={onCall120} onCallTeam={onCallTeam} />
        </View>
        <Text className="pb-urgent__team" data-testid={`${testId}-team`}>
          {teamNotified ? '✓ 已通知您的家庭医生团队，医生会尽快联系您。' : '联网后会自动上传，并通知您的家庭医生团队。'}
        </Text>
        <BigButton type="secondary" testId={`${testId}-close`} onClick={onClose}>
          我知道了
        </BigButton>
      </View>
    </View>
  );
}

export default UrgentAdvice;
