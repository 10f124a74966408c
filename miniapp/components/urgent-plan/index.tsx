import { Text, View } from '@tarojs/components';
import { BigButton } from '../big-button';
import './index.scss';

export interface TeamContact {
  name: string;
  phone: string | null;
}

export interface UrgentPlanProps {
  /** What to do now, in order (shared/clinical/urgentPlan.ts). */
  steps: string[];
  /** Any of these → call 120 at once; listed under the last step. */
  call120Symptoms: string[];
  /** The family-doctor team; null while unknown (no button). */
  team: TeamContact | null;
  showCall120?: boolean;
  /** The two buttons above the steps (首页, where the steps may need scrolling). */
  actionsFirst?: boolean;
  testId?: string;
  onCall120?: () => void;
  onCallTeam?: (phone: string) => void;
}

const defaultProps = { testId: 'urgent-plan', showCall120: true, actionsFirst: false } satisfies Partial<UrgentPlanProps>;

/**
 * What to do about an urgent value, the same on the red card, the saved result and 首页: numbered
 * steps, the symptoms that mean 120 now, and two big buttons that stay on screen — 拨打120 and
 * 联系家庭医生 (the team's service number).
 */
export function UrgentPlan(props: UrgentPlanProps) {
  const { steps, call120Symptoms, team, showCall120, actionsFirst, testId, onCall120, onCallTeam } = { ...defaultProps, ...props };
  return (
    <View className={`pb-plan ${actionsFirst ? 'pb-plan--actions-first' : ''}`} data-testid={testId}>
      {steps.length > 0 ? (
        <View className="pb-plan__steps" data-testid={`${testId}-steps`}>
          {steps.map((step, index) => (
            <View key={step} className="pb-plan__step">
              <Text className="pb-plan__step-number">{index + 1}</Text>
              <Text className="pb-plan__step-text">{step}</Text>
            </View>
          ))}
          {call120Symptoms.length > 0 ? (
            <View className="pb-plan__symptoms" data-testid={`${testId}-symptoms`}>
              {call120Symptoms.map((symptom) => (
                <Text key={symptom} className="pb-plan__symptom">
                  {symptom}
                </Text>
              ))}
            </View>
          ) : null}
        </View>
      ) : null}
      <View className="pb-plan__actions">
        {showCall120 ? (
          <BigButton type="danger" testId={`${testId}-call-120`} onClick={onCall120}>
            拨打 120 急救电话
          </BigButton>
        ) : null}
        <CallTeamButton team={team} testId={`${testId}-call-team`} onCall={onCallTeam} />
      </View>
    </View>
  );
}

export interface CallTeamButtonProps {
  team: TeamContact | null;
  testId?: string;
  onCall?: (phone: string) => void;
}

/** The one big 联系家庭医生 button: the team and its number under it, or why there is none. */
export function CallTeamButton(props: CallTeamButtonProps) {
  const { team, testId = 'call-team', onCall } = props;
  if (!team) return null;
  const phone = team.phone;
  return (
    <View className="pb-plan__team" data-testid={testId} data-phone={phone ?? ''}>
      <BigButton type="primary" testId={`${testId}-button`} disabled={!phone} onClick={() => (phone ? onCall?.(phone) : undefined)}>
        联系家庭医生
      </BigButton>
      <Text className="pb-plan__team-text" data-testid={`${testId}-text`}>
        {phone ? `${team.name} ${phone}` : `${team.name}还没有登记电话，请拨打签约机构的电话`}
      </Text>
    </View>
  );
}

export default UrgentPlan;
