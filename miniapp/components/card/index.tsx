import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export interface CardProps {
  title?: string;
  /** Short text on the right of the title, e.g. 查看全部 */
  extra?: ReactNode;
  testId?: string;
  className?: string;
  children?: ReactNode;
}

const defaultProps = { className: '' } satisfies Partial<CardProps>;

/** A white section with an optional heading, used to group page content. */
export function Card(props: CardProps) {
  const { title, extra, testId, className, children } = { ...defaultProps, ...props };
  return (
    <View className={['pb-card', className].filter(Boolean).join(' ')} data-testid={testId}>
      {title ? (
        <View className="pb-card__header">
          <Text className="pb-card__title">{title}</Text>
          {extra ? <View className="pb-card__extra">{extra}</View> : null}
        </View>
      ) : null}
      <View className="pb-card__body">{children}</View>
    </View>
  );
}

export default Card;
