import { Text, View } from '@tarojs/components';
import { BigButton } from '../big-button';
import './index.scss';

export interface UrgentAdviceProps {
  /** "184/111 mmHg" */
  valueText: string;
  /** The service's (or the shared rules') advice lines, in order. */
  advice: string[];
  /** true: the service raised an alert; false: not yet (offline) — it will when the reading syncs. */
  teamNotified: boolean;
  testId?: string;
  onCall120?: () => void;
  onClose?: () => void;
}

const defaultProps = { testId: 'urgent-advice' } satisfies Partial<UrgentAdviceProps>;

/**
 * The full-screen red card shown the moment an urgent value is saved: the value, what to do now
 * (re-measure after 5 minutes' rest; with symptoms call 120), and whether the doctor team knows.
 */
export function UrgentAdvice(props: UrgentAdviceProps) {
  const { valueText, advice, teamNotified, testId, onCall120, onClose } = { ...defaultProps, ...props };
  return (
    <View className="pb-urgent" data-testid={testId} role="alertdialog" aria-modal="true">
      <View className="pb-urgent__card">
        <Text className="pb-urgent__title">⚠ 数值偏高，请注意</Text>
        <Text className="pb-urgent__value" data-testid={`${testId}-value`}>
          {valueText}
        </Text>
        <View className="pb-urgent__advice" data-testid={`${testId}-lines`}>
          {advice.map((line) => (
            <Text key={line} className="pb-urgent__line">
              {line}
            </Text>
          ))}
        </View>
        <Text className="pb-urgent__team" data-testid={`${testId}-team`}>
          {teamNotified ? '✓ 已通知您的家庭医生团队，医生会尽快联系您。' : '联网后会自动上传，并通知您的家庭医生团队。'}
        </Text>
        <View className="pb-urgent__actions">
          <BigButton type="danger" testId={`${testId}-call`} onClick={onCall120}>
            有症状，拨打 120
          </BigButton>
          <BigButton type="secondary" testId={`${testId}-close`} onClick={onClose}>
            我知道了
          </BigButton>
        </View>
      </View>
    </View>
  );
}

export default UrgentAdvice;
