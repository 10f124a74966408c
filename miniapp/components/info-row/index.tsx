import { Text, View } from '@tarojs/components';
import './index.scss';

export interface InfoRowProps {
  label: string;
  value: string;
  testId?: string;
}

/** A label on the left and its value on the right, e.g. 身份证号 1101**********0013. */
export function InfoRow(props: InfoRowProps) {
  const { label, value, testId } = props;
  return (
    <View className="pb-info-row">
      <Text className="pb-info-row__label">{label}</Text>
      <Text className="pb-info-row__value" data-testid={testId}>
        {value}
      </Text>
    </View>
  );
}

export default InfoRow;
