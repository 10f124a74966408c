import { Text, View } from '@tarojs/components';
import './index.scss';

export interface CheckRowProps {
  checked: boolean;
  title: string;
  description?: string;
  testId?: string;
  onChange?: (checked: boolean) => void;
}

/** A whole-row checkbox: the tap target is the row, the state is spelled out (已选 / 未选). */
export function CheckRow(props: CheckRowProps) {
  const { checked, title, description, testId, onChange } = props;
  return (
    <View
      className={`pb-check-row ${checked ? 'pb-check-row--on' : ''}`}
      role="checkbox"
      aria-checked={checked ? 'true' : 'false'}
      data-testid={testId}
      data-checked={checked ? 'true' : 'false'}
      onClick={() => onChange?.(!checked)}
    >
      <View className="pb-check-row__box">
        <Text>{checked ? '✓' : ''}</Text>
      </View>
      <View className="pb-check-row__text">
        <Text className="pb-check-row__title">{title}</Text>
        {description ? <Text className="pb-check-row__description">{description}</Text> : null}
      </View>
    </View>
  );
}

export default CheckRow;
