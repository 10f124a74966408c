import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export interface EmptyStateProps {
  title?: string;
  description?: string;
  /** An optional action under the text, e.g. a BigButton. */
  action?: ReactNode;
  testId?: string;
}

const defaultProps = { title: '暂无内容', testId: 'empty-state' } satisfies Partial<EmptyStateProps>;

export function EmptyState(props: EmptyStateProps) {
  const { title, description, action, testId } = { ...defaultProps, ...props };
  return (
    <View className="pb-empty" data-testid={testId}>
      <Text className="pb-empty__title">{title}</Text>
      {description ? <Text className="pb-empty__description">{description}</Text> : null}
      {action ? <View className="pb-empty__action">{action}</View> : null}
    </View>
  );
}

export default EmptyState;
