import { View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { AlertBox } from '../alert-box';
import { BigButton } from '../big-button';

export interface FormSubmitProps {
  /** What stops the form from being saved, right above the button; null hides the box. */
  error: string | null;
  errorTitle?: string;
  loading?: boolean;
  /** The box is `${testId}-error`, the button `${testId}-submit`. */
  testId: string;
  children?: ReactNode;
  onSubmit?: () => void;
}

const defaultProps = { errorTitle: '还不能保存', loading: false } satisfies Partial<FormSubmitProps>;

/** The foot of a long form: why it cannot be saved yet (next to the thumb), then the one main button. */
export function FormSubmit(props: FormSubmitProps) {
  const { error, errorTitle, loading, testId, children, onSubmit } = { ...defaultProps, ...props };
  return (
    <View className="pb-stack">
      {error ? <AlertBox tone="error" title={errorTitle} message={error} testId={`${testId}-error`} /> : null}
      <BigButton type="primary" loading={loading} testId={`${testId}-submit`} onClick={onSubmit}>
        {children}
      </BigButton>
    </View>
  );
}

export default FormSubmit;
