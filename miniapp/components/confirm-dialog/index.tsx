import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { BigButton } from '../big-button';
import './index.scss';

export interface ConfirmDialogProps {
  visible: boolean;
  title: string;
  /** What will happen, in plain words. */
  children?: ReactNode;
  confirmText?: string;
  cancelText?: string;
  /** The confirm button is red: the action cannot be undone. */
  danger?: boolean;
  loading?: boolean;
  testId?: string;
  onConfirm?: () => void;
  onCancel?: () => void;
}

const defaultProps = { confirmText: '确定', cancelText: '取消', danger: false, loading: false, testId: 'confirm' } satisfies Partial<ConfirmDialogProps>;

/**
 * A full-width confirmation with large text (WeChat's showModal text is too small for many of our
 * users). Cancel is always the first, safe choice.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { visible, title, children, confirmText, cancelText, danger, loading, testId, onConfirm, onCancel } = { ...defaultProps, ...props };
  if (!visible) return null;
  return (
    <View className="pb-confirm" data-testid={testId} role="dialog" aria-modal="true">
      <View className="pb-confirm__panel">
        <Text className="pb-confirm__title">{title}</Text>
        <View className="pb-confirm__body">{children}</View>
        <View className="pb-confirm__actions">
          <BigButton type="secondary" testId={`${testId}-cancel`} onClick={onCancel}>
            {cancelText}
          </BigButton>
          <BigButton type={danger ? 'danger' : 'primary'} loading={loading} testId={`${testId}-ok`} onClick={onConfirm}>
            {confirmText}
          </BigButton>
        </View>
      </View>
    </View>
  );
}

export default ConfirmDialog;
