import { Text, View } from '@tarojs/components';
import './index.scss';

export interface ChipOption {
  key: string;
  label: string;
}

export interface ChipGroupProps {
  /** A short heading before the chips, e.g. 病种. */
  label?: string;
  options: readonly ChipOption[];
  /** The keys shown as chosen; the caller decides whether one or several may be chosen. */
  selected: readonly string[];
  /** Each chip is `${testId}-${key}`, with `data-selected`. */
  testId?: string;
  onSelect?: (key: string) => void;
}

const defaultProps = { testId: 'chips' } satisfies Partial<ChipGroupProps>;

/**
 * A wrapping row of big, rounded choices (filters, symptoms, quick dates). A chosen chip is filled
 * and starts with ✓, so the state never depends on colour alone.
 */
export function ChipGroup(props: ChipGroupProps) {
  const { label, options, selected, testId, onSelect } = { ...defaultProps, ...props };
  return (
    <View className="pb-chips" data-testid={testId}>
      {label ? <Text className="pb-chips__label">{label}</Text> : null}
      <View className="pb-chips__row">
        {options.map((option) => {
          const on = selected.includes(option.key);
          return (
            <View
              key={option.key}
              className={`pb-chips__chip ${on ? 'pb-chips__chip--on' : ''}`}
              role="button"
              aria-pressed={on ? 'true' : 'false'}
              data-testid={`${testId}-${option.key}`}
              data-selected={on ? 'true' : 'false'}
              onClick={() => onSelect?.(option.key)}
            >
              <Text>{on ? `✓ ${option.label}` : option.label}</Text>
            </View>
          );
        })}
      </View>
    </View>
  );
}

export default ChipGroup;
