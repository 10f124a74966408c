import { Text, View } from '@tarojs/components';
import { useEffect, type ReactNode } from 'react';
import { hasSession } from '../../services/session';
import { goToLogin } from '../../services/navigation';
import { useActiveProfile } from '../../state/activeProfile';
import { useElderlyMode } from '../../state/elderlyMode';
import './index.scss';

export interface PageShellProps {
  /** In-page heading (the navigation bar title comes from the page config). */
  title?: string;
  /** Put on the root as `data-testid`, e.g. `page-home`. */
  testId?: string;
  /** Send the user to login when there is no session (default true; the login page sets false). */
  requireSession?: boolean;
  className?: string;
  children?: ReactNode;
}

const defaultProps = {
  requireSession: true,
  className: '',
} satisfies Partial<PageShellProps>;

/**
 * Every page renders inside PageShell: it applies 长辈模式 (larger text, higher contrast, bigger
 * tap targets), shows whose archive is being viewed when a family member acts for a resident,
 * and sends a signed-out user to login.
 */
export function PageShell(props: PageShellProps) {
  const { title, testId, requireSession, className, children } = { ...defaultProps, ...props };
  const { enabled: elderly } = useElderlyMode();
  const activeProfile = useActiveProfile();

  useEffect(() => {
    if (requireSession && !hasSession()) {
      goToLogin();
    }
  }, [requireSession]);

  const classes = ['pb-page', elderly ? 'pb-elderly' : '', className].filter(Boolean).join(' ');
  return (
    <View className={classes} data-testid={testId} data-elderly={elderly ? 'on' : 'off'}>
      {activeProfile ? (
        <View className="pb-page__profile-banner" data-testid="active-profile-banner">
          <Text>正在查看：{activeProfile.name}的档案</Text>
        </View>
      ) : null}
      {title ? (
        <View className="pb-page__title">
          <Text>{title}</Text>
        </View>
      ) : null}
      <View className="pb-page__body">{children}</View>
    </View>
  );
}

export default PageShell;
