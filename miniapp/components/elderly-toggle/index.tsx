import { Text, View } from '@tarojs/components';
import { useElderlyMode } from '../../state/elderlyMode';
import './index.scss';

export interface ElderlyToggleProps {
  testId?: string;
}

const defaultProps = { testId: 'elderly-toggle' } satisfies Partial<ElderlyToggleProps>;

/**
 * The 长辈模式 switch: one tap turns it on or off, everywhere at once (tab bar included). On 首页,
 * on 我的 and on the login page, so it can be found before, during and after first use.
 */
export function ElderlyToggle(props: ElderlyToggleProps) {
  const { testId } = { ...defaultProps, ...props };
  const { enabled, setEnabled } = useElderlyMode();
  return (
    <View
      className={`pb-elderly-toggle ${enabled ? 'pb-elderly-toggle--on' : ''}`}
      data-testid={testId}
      data-checked={enabled ? 'true' : 'false'}
      role="switch"
      aria-checked={enabled ? 'true' : 'false'}
      aria-label="长辈模式"
      onClick={() => setEnabled(!enabled)}
    >
      <View className="pb-elderly-toggle__text">
        <Text className="pb-elderly-toggle__title">长辈模式</Text>
        <Text className="pb-elderly-toggle__hint">字更大、颜色更清楚、按钮更好点</Text>
      </View>
      <View className="pb-elderly-toggle__pill">
        <Text>{enabled ? '已开启' : '点此开启'}</Text>
      </View>
    </View>
  );
}

export default ElderlyToggle;
