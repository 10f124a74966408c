import { Button } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export interface BigButtonProps {
  children?: ReactNode;
  /** primary: the page's main action; secondary: outlined; danger: destructive (退出登录). */
  type?: 'primary' | 'secondary' | 'danger';
  loading?: boolean;
  disabled?: boolean;
  testId?: string;
  className?: string;
  onClick?: () => void;
}

const defaultProps = {
  type: 'primary',
  loading: false,
  disabled: false,
  className: '',
} satisfies Partial<BigButtonProps>;

/** A full-width button at least 88 (长辈模式 112) design px tall. Ignores taps while loading. */
export function BigButton(props: BigButtonProps) {
  const { children, type, loading, disabled, testId, className, onClick } = { ...defaultProps, ...props };
  const classes = ['pb-button', `pb-button--${type}`, disabled ? 'pb-button--disabled' : '', className]
    .filter(Boolean)
    .join(' ');
  return (
    <Button
      className={classes}
      loading={loading}
      disabled={disabled}
      data-testid={testId}
      aria-busy={loading ? 'true' : 'false'}
      onClick={() => {
        if (!loading && !disabled) onClick?.();
      }}
    >
      {children}
    </Button>
  );
}

export default BigButton;
