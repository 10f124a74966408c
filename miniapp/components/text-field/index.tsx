import { Input, Text, View } from '@tarojs/components';
import './index.scss';

export interface TextFieldHint {
  tone: 'neutral' | 'ok' | 'error';
  text: string;
}

export interface TextFieldProps {
  label: string;
  value: string;
  placeholder?: string;
  /** idcard / number (whole numbers) / digit (with a decimal point) bring up the matching keyboard. */
  inputType?: 'text' | 'idcard' | 'number' | 'digit';
  maxLength?: number;
  /** A live hint under the field (e.g. "已输入 12 位"). An `error` wins over it. */
  hint?: TextFieldHint | null;
  error?: string | null;
  disabled?: boolean;
  testId?: string;
  onInput?: (value: string) => void;
}

const defaultProps = { placeholder: '', inputType: 'text', maxLength: 140, hint: null, error: null, disabled: false } satisfies Partial<TextFieldProps>;

/** A labelled, large input with its explanation or error right under it (never only a red border). */
export function TextField(props: TextFieldProps) {
  const { label, value, placeholder, inputType, maxLength, hint, error, disabled, testId, onInput } = { ...defaultProps, ...props };
  const message: TextFieldHint | null = error ? { tone: 'error', text: error } : hint;
  return (
    <View className={`pb-field ${message?.tone === 'error' ? 'pb-field--error' : ''}`} data-testid={testId ? `${testId}-field` : undefined}>
      <Text className="pb-field__label">{label}</Text>
      <Input
        className="pb-field__input"
        value={value}
        type={inputType}
        placeholder={placeholder}
        maxlength={maxLength}
        disabled={disabled ? true : undefined}
        data-testid={testId}
        aria-label={label}
        onInput={(event) => onInput?.(event.detail.value)}
      />
      {message ? (
        <Text className={`pb-field__hint pb-field__hint--${message.tone}`} data-testid={testId ? `${testId}-hint` : undefined}>
          {message.text}
        </Text>
      ) : null}
    </View>
  );
}

export default TextField;
