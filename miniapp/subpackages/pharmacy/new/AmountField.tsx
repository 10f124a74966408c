import { Text, View } from '@tarojs/components';

export interface AmountFieldProps {
  label: string;
  sub?: string;
  text: string;
  active: boolean;
  error: string | null;
  testId: string;
  onSelect: () => void;
}

/** One amount of the bill: tap to make it the one the keypad types into. Shows the typed text as is (¥12.3). */
export function AmountField(props: AmountFieldProps) {
  const { label, sub, text, active, error, testId, onSelect } = props;
  const classes = ['pb-till__field', active ? 'pb-till__field--active' : '', error ? 'pb-till__field--error' : ''].filter(Boolean).join(' ');
  return (
    <View>
      <View className={classes} role="button" aria-pressed={active ? 'true' : 'false'} data-testid={testId} onClick={onSelect}>
        <View className="pb-till__field-label">
          <Text>{label}</Text>
          {sub ? <Text className="pb-till__field-sub">{sub}</Text> : null}
        </View>
        {text === '' ? (
          <Text className="pb-till__field-placeholder">{active ? '请用下方数字键输入' : '点此输入'}</Text>
        ) : (
          <Text className="pb-till__field-value" data-testid={`${testId}-value`}>
            {text} 元
          </Text>
        )}
      </View>
      {error ? (
        <Text className="pb-till__field-error" data-testid={`${testId}-error`}>
          {error}
        </Text>
      ) : null}
    </View>
  );
}
