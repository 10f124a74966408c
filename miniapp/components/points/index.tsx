import { Text } from '@tarojs/components';
import { formatPoints } from './format';
import './index.scss';

export { formatPoints } from './format';

export interface PointsProps {
  /** Integer points. */
  points: number;
  /** Show "+" on positive amounts (statement lines). */
  signed?: boolean;
  size?: 'normal' | 'large';
  testId?: string;
  className?: string;
}

const defaultProps = { signed: false, size: 'normal', className: '' } satisfies Partial<PointsProps>;

export function Points(props: PointsProps) {
  const { points, signed, size, testId, className } = { ...defaultProps, ...props };
  const classes = ['pb-points', `pb-points--${size}`, className].filter(Boolean).join(' ');
  return (
    <Text className={classes} data-testid={testId}>
      <Text className="pb-points__value">{formatPoints(points, { signed })}</Text>
      <Text className="pb-points__unit"> 积分</Text>
    </Text>
  );
}

export default Points;
