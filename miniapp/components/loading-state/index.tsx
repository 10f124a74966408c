import { Text, View } from '@tarojs/components';
import './index.scss';

export interface LoadingStateProps {
  text?: string;
  testId?: string;
}

const defaultProps = { text: '正在加载…', testId: 'loading-state' } satisfies Partial<LoadingStateProps>;

export function LoadingState(props: LoadingStateProps) {
  const { text, testId } = { ...defaultProps, ...props };
  return (
    <View className="pb-loading" data-testid={testId} aria-live="polite">
      <View className="pb-loading__spinner" />
      <Text className="pb-loading__text">{text}</Text>
    </View>
  );
}

export default LoadingState;
