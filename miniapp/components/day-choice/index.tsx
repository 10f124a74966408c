import { Picker, Text, View } from '@tarojs/components';
import { ChipGroup, type ChipOption } from '../chip-group';
import './index.scss';

export interface DayChoiceProps {
  label: string;
  /** `YYYY-MM-DD`, or '' for none yet. */
  value: string;
  /** Quick choices (今天 / 昨天, 2周后 …); any other day through the calendar. */
  options: readonly ChipOption[];
  /** Bounds of the calendar, `YYYY-MM-DD`. */
  start?: string;
  end?: string;
  /** The chosen day in words, e.g. "2026年4月5日". */
  valueText?: string;
  error?: string | null;
  /** Tapping the chosen quick day again clears it (for optional dates). */
  clearable?: boolean;
  testId?: string;
  onChange?: (day: string) => void;
}

const defaultProps = { clearable: false, testId: 'day', error: null } satisfies Partial<DayChoiceProps>;

/**
 * A date the way staff enter it on a phone: one tap on a usual choice, or 其他日期 for the system
 * calendar. The chosen day is spelled out under the chips; an error replaces that line.
 */
export function DayChoice(props: DayChoiceProps) {
  const { label, value, options, start, end, valueText, error, clearable, testId, onChange } = { ...defaultProps, ...props };
  const quick = options.some((o) => o.key === value);
  return (
    <View className={`pb-day ${error ? 'pb-day--error' : ''}`} data-testid={testId} data-value={value}>
      <ChipGroup label={label} options={options} selected={[value]} testId={`${testId}-quick`} onSelect={(day) => onChange?.(clearable && day === value ? '' : day)} />
      <Picker mode="date" value={value || (end ?? start ?? '')} start={start} end={end} onChange={(event) => onChange?.(String(event.detail.value))}>
        <View className={`pb-chips__chip pb-day__other ${value && !quick ? 'pb-chips__chip--on' : ''}`} role="button" data-testid={`${testId}-other`}>
          <Text>{value && !quick ? `✓ ${valueText ?? value}` : '其他日期…'}</Text>
        </View>
      </Picker>
      {error ? (
        <Text className="pb-day__error" data-testid={`${testId}-error`}>
          {error}
        </Text>
      ) : value ? (
        <Text className="pb-day__chosen" data-testid={`${testId}-chosen`}>
          已选：{valueText ?? value}
        </Text>
      ) : null}
    </View>
  );
}

export default DayChoice;
