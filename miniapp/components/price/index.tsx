import { Text } from '@tarojs/components';
import { formatFen } from './format';
import './index.scss';

export { formatFen } from './format';

export interface PriceProps {
  /** Integer fen (¥1 = 100). Never a float, never yuan. */
  amountFen: number;
  size?: 'normal' | 'large';
  testId?: string;
  className?: string;
}

const defaultProps = { size: 'normal', className: '' } satisfies Partial<PriceProps>;

/** The only component that formats money: `amountFen={1234}` → ¥12.34. */
export function Price(props: PriceProps) {
  const { amountFen, size, testId, className } = { ...defaultProps, ...props };
  const classes = ['pb-price', `pb-price--${size}`, amountFen < 0 ? 'pb-price--negative' : '', className]
    .filter(Boolean)
    .join(' ');
  return (
    <Text className={classes} data-testid={testId}>
      {formatFen(amountFen)}
    </Text>
  );
}

export default Price;
