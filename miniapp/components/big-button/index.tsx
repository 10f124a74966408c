import { Button, Text, View, type ButtonProps } from '@tarojs/components';
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
  /**
   * WeChat open abilities (weapp only; ignored on H5): `agreePrivacyAuthorization` records WeChat's
   * privacy agreement with the same tap, `getPhoneNumber` asks for the phone number, `share` sends
   * the page (its onShareAppMessage) to a WeChat friend.
   */
  openType?: 'agreePrivacyAuthorization' | 'getPhoneNumber' | 'share';
  onClick?: () => void;
  /** With openType getPhoneNumber: the event detail (`{ code }` or `{ errMsg }`). */
  onGetPhoneNumber?: (detail: unknown) => void;
}

const defaultProps = {
  type: 'primary',
  loading: false,
  disabled: false,
  className: '',
} satisfies Partial<BigButtonProps>;

/**
 * A full-width button at least 88 (长辈模式 112) design px tall. Ignores taps while loading.
 * The spinner is our own and the children structure never changes: Taro's H5 Button is a Stencil
 * web component, and its own `loading` icon inserted next to React-managed children throws
 * "insertBefore … not a child of this node" when the label changes at the same time.
 */
export function BigButton(props: BigButtonProps) {
  const { children, type, loading, disabled, testId, className, openType, onClick, onGetPhoneNumber } = { ...defaultProps, ...props };
  const openProps: Partial<ButtonProps> = {};
  if (openType && process.env.TARO_ENV === 'weapp') {
    openProps.openType = openType as ButtonProps['openType'];
    if (openType === 'getPhoneNumber') openProps.onGetPhoneNumber = (event) => onGetPhoneNumber?.(event.detail);
    // The agree-privacy event needs a handler bound for WeChat to record the agreement; our onClick does the rest.
    if (openType === 'agreePrivacyAuthorization') openProps.onAgreePrivacyAuthorization = () => undefined;
  }
  const classes = ['pb-button', `pb-button--${type}`, disabled ? 'pb-button--disabled' : '', loading ? 'pb-button--loading' : '', className]
    .filter(Boolean)
    .join(' ');
  return (
    <Button
      className={classes}
      // Only when true: Taro's H5 button renders disabled="false", which its CSS treats as disabled.
      disabled={disabled ? true : undefined}
      data-testid={testId}
      aria-busy={loading ? 'true' : 'false'}
      {...openProps}
      onClick={() => {
        if (!loading && !disabled) onClick?.();
      }}
    >
      <View className={loading ? 'pb-button__spinner' : 'pb-button__spinner pb-button__spinner--hidden'} />
      <Text className="pb-button__label">{children}</Text>
    </Button>
  );
}

export default BigButton;
