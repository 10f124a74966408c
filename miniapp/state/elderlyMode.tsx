import Taro from '@tarojs/taro';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type PropsWithChildren } from 'react';
import { readElderlyChoice, readStoredElderlyMode, storeElderlyMode, type ElderlyChoice } from './elderlyModeStore';

/**
 * 长辈模式 (elderly mode): larger text, higher contrast and bigger tap targets on every page and
 * on the tab bar. The provider is mounted once in app.tsx; PageShell reads it; it is offered on the
 * login page at first launch, one tap from 首页, and on 我的.
 */
export interface ElderlyModeValue {
  enabled: boolean;
  /** Whether the person has said yes or no yet (the first-launch offer shows until they do). */
  choice: ElderlyChoice;
  setEnabled: (enabled: boolean) => void;
}

const ElderlyModeContext = createContext<ElderlyModeValue>({ enabled: false, choice: 'unchosen', setEnabled: () => undefined });

export function ElderlyModeProvider({ children }: PropsWithChildren) {
  const [enabled, setEnabledState] = useState<boolean>(readStoredElderlyMode);
  const [choice, setChoice] = useState<ElderlyChoice>(readElderlyChoice);
  const setEnabled = useCallback((next: boolean) => {
    setEnabledState(next);
    setChoice(next ? 'on' : 'off');
    storeElderlyMode(next);
  }, []);

  useEffect(() => {
    // H5: Taro's tab bar lives outside the pages; app.scss enlarges it under this root class.
    if (process.env.TARO_ENV === 'h5') document.documentElement.classList.toggle('pb-elderly-root', enabled);
  }, [enabled]);

  const value = useMemo(() => ({ enabled, choice, setEnabled }), [enabled, choice, setEnabled]);
  return <ElderlyModeContext.Provider value={value}>{children}</ElderlyModeContext.Provider>;
}

export function useElderlyMode(): ElderlyModeValue {
  return useContext(ElderlyModeContext);
}

/** weapp: tells the custom tab bar which tab this page is (call from each tab page's PageShell). */
export function selectTabBarItem(index: number): void {
  if (process.env.TARO_ENV !== 'weapp' || index < 0) return;
  const page = Taro.getCurrentInstance().page;
  const tabBar = page ? Taro.getTabBar<{ setSelected?: (index: number) => void }>(page) : undefined;
  tabBar?.setSelected?.(index);
}
