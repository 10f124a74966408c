import { Text, View } from '@tarojs/components';
import { BigButton } from '../big-button';
import './index.scss';

export interface ErrorStateProps {
  /** The Chinese message to show (from the service layer's ApiError / PlatformError). */
  message: string;
  title?: string;
  retryText?: string;
  /** Shows the big retry button when given. */
  onRetry?: () => void;
  retrying?: boolean;
  testId?: string;
}

const defaultProps = {
  title: '出了点问题',
  retryText: '重试',
  retrying: false,
  testId: 'error-state',
} satisfies Partial<ErrorStateProps>;

export function ErrorState(props: ErrorStateProps) {
  const { message, title, retryText, onRetry, retrying, testId } = { ...defaultProps, ...props };
  return (
    <View className="pb-error" data-testid={testId} role="alert">
      <Text className="pb-error__title">{title}</Text>
      <Text className="pb-error__message" data-testid={`${testId}-message`}>
        {message}
      </Text>
      {onRetry ? (
        <View className="pb-error__action">
          <BigButton type="primary" loading={retrying} testId={`${testId}-retry`} onClick={onRetry}>
            {retryText}
          </BigButton>
        </View>
      ) : null}
    </View>
  );
}

export default ErrorState;
