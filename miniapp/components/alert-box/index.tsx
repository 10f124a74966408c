import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export interface AlertBoxProps {
  tone?: 'info' | 'success' | 'warning' | 'error';
  title?: string;
  message?: string;
  children?: ReactNode;
  testId?: string;
}

const defaultProps = { tone: 'info', testId: 'alert-box' } satisfies Partial<AlertBoxProps>;

const icons = { info: 'ⓘ', success: '✓', warning: '!', error: '✕' } as const;

/** A boxed message with a text icon and a thick border, readable without telling colours apart. */
export function AlertBox(props: AlertBoxProps) {
  const { tone, title, message, children, testId } = { ...defaultProps, ...props };
  return (
    <View className={`pb-alert pb-alert--${tone}`} data-testid={testId} role={tone === 'error' || tone === 'warning' ? 'alert' : 'status'}>
      <Text className="pb-alert__icon">{icons[tone]}</Text>
      <View className="pb-alert__content">
        {title ? <Text className="pb-alert__title">{title}</Text> : null}
        {message ? (
          <Text className="pb-alert__message" data-testid={`${testId}-message`}>
            {message}
          </Text>
        ) : null}
        {children}
      </View>
    </View>
  );
}

export default AlertBox;
