import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useEffect, type ReactNode } from 'react';
import { hasSession, readSession } from '../../services/session';
import { goToLogin, routes } from '../../services/navigation';
import { useActiveProfile } from '../../state/activeProfile';
import { selectTabBarItem, useElderlyMode } from '../../state/elderlyMode';
import { tabBarItems } from '../../tabBarItems';
import './index.scss';

export interface PageShellProps {
  /** In-page heading (the navigation bar title comes from the page config). */
  title?: string;
  /** Put on the root as `data-testid`, e.g. `page-home`. */
  testId?: string;
  /** Send the user to login when there is no session (default true; the login page sets false). */
  requireSession?: boolean;
  /** Show whose archive is active (default true; pages before binding and the switcher set false). */
  showProfile?: boolean;
  className?: string;
  children?: ReactNode;
}

const defaultProps = {
  requireSession: true,
  showProfile: true,
  className: '',
} satisfies Partial<PageShellProps>;

/**
 * Every page renders inside PageShell: it applies 长辈模式 (larger text, higher contrast, bigger
 * tap targets), shows whose archive is being viewed when a family member acts for a resident,
 * and sends a signed-out user to login.
 */
export function PageShell(props: PageShellProps) {
  const { title, testId, requireSession, showProfile, className, children } = { ...defaultProps, ...props };
  const { enabled: elderly } = useElderlyMode();
  const storedProfile = useActiveProfile();
  // A profile chosen under another login is never shown (services/profile.ts replaces it on load).
  const activeProfile = storedProfile && readSession()?.accountId === storedProfile.accountId ? storedProfile : null;

  useDidShow(() => {
    // weapp's custom tab bar marks the tab of the page now shown (no-op elsewhere and on other pages).
    const route = (Taro.getCurrentInstance().router?.path ?? '').replace(/^\//, '').split('?')[0];
    selectTabBarItem(tabBarItems.findIndex((item) => item.pagePath === route));
  });

  useEffect(() => {
    if (requireSession && !hasSession()) {
      goToLogin();
    }
  }, [requireSession]);

  const classes = ['pb-page', elderly ? 'pb-elderly' : '', className].filter(Boolean).join(' ');
  return (
    <View className={classes} data-testid={testId} data-elderly={elderly ? 'on' : 'off'}>
      {showProfile && activeProfile ? (
        <View
          className={`pb-page__profile-banner ${activeProfile.relation === 'proxy' ? 'pb-page__profile-banner--proxy' : ''}`}
          data-testid="active-profile-banner"
          data-relation={activeProfile.relation}
        >
          <View className="pb-page__profile-text">
            <Text data-testid="active-profile-name">
              正在查看：{activeProfile.name} 的档案{activeProfile.relation === 'self' ? '（本人）' : ''}
            </Text>
            {activeProfile.relation === 'proxy' ? <Text className="pb-page__profile-note">您是家人代办人</Text> : null}
          </View>
          {activeProfile.switchable || activeProfile.relation === 'proxy' ? (
            <View
              className="pb-page__profile-switch"
              role="button"
              data-testid="active-profile-switch"
              onClick={() => void Taro.navigateTo({ url: routes.profiles }).catch(() => undefined)}
            >
              <Text>切换</Text>
            </View>
          ) : null}
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
