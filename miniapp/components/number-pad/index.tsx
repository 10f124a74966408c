import { Text, View } from '@tarojs/components';
import './index.scss';

export type NumberPadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '.' | 'backspace' | 'clear';

export interface NumberPadProps {
  /** Show the decimal point key; integer fields show 清空 in its place. */
  allowDecimal?: boolean;
  disabled?: boolean;
  testId?: string;
  onKey?: (key: NumberPadKey) => void;
}

const defaultProps = { allowDecimal: false, disabled: false, testId: 'number-pad' } satisfies Partial<NumberPadProps>;

const rows: NumberPadKey[][] = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
];

/**
 * A big on-screen number pad for unsteady hands: 3 × 4 keys at least 112 design px (≥ 96 rpx) tall,
 * large digits, no system keyboard. What a key does to the text is decided by the caller
 * (services/readingForms.ts `applyPadKey`), so the pad stays a dumb row of buttons.
 */
export function NumberPad(props: NumberPadProps) {
  const { allowDecimal, disabled, testId, onKey } = { ...defaultProps, ...props };
  const last: NumberPadKey[] = [allowDecimal ? '.' : 'clear', '0', 'backspace'];
  const label = (key: NumberPadKey) => (key === 'backspace' ? '⌫ 删除' : key === 'clear' ? '清空' : key === '.' ? '．' : key);
  return (
    <View className={`pb-pad ${disabled ? 'pb-pad--disabled' : ''}`} data-testid={testId}>
      {[...rows, last].map((row, index) => (
        <View key={index} className="pb-pad__row">
          {row.map((key) => (
            <View
              key={key}
              className={`pb-pad__key ${key === 'backspace' || key === 'clear' ? 'pb-pad__key--action' : ''}`}
              role="button"
              aria-label={key === 'backspace' ? '删除' : key === 'clear' ? '清空' : key === '.' ? '小数点' : key}
              data-testid={`${testId}-${key}`}
              hoverClass="pb-pad__key--pressed"
              onClick={() => {
                if (!disabled) onKey?.(key);
              }}
            >
              <Text>{label(key)}</Text>
            </View>
          ))}
        </View>
      ))}
    </View>
  );
}

export default NumberPad;
