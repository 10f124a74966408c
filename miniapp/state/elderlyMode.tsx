import Taro from '@tarojs/taro';
import { createContext, useCallback, useContext, useMemo, useState, type PropsWithChildren } from 'react';
import { storageKeys } from '../services/storageKeys';

/**
 * 长辈模式 (elderly mode): larger text, higher contrast and bigger tap targets on every page.
 * The provider is mounted once in app.tsx; PageShell reads it, 我的 toggles it.
 */
export interface ElderlyModeValue {
  enabled: boolean;
  setEnabled: (enabled: boolean) => void;
}

const ElderlyModeContext = createContext<ElderlyModeValue>({ enabled: false, setEnabled: () => undefined });

function readStoredElderlyMode(): boolean {
  try {
    return Taro.getStorageSync(storageKeys.elderlyMode) === '1';
  } catch {
    return false;
  }
}

export function ElderlyModeProvider({ children }: PropsWithChildren) {
  const [enabled, setEnabledState] = useState<boolean>(readStoredElderlyMode);
  const setEnabled = useCallback((next: boolean) => {
    setEnabledState(next);
    try {
      Taro.setStorageSync(storageKeys.elderlyMode, next ? '1' : '0');
    } catch {
      // Storage full or unavailable: the mode still applies for this session.
    }
  }, []);
  const value = useMemo(() => ({ enabled, setEnabled }), [enabled, setEnabled]);
  return <ElderlyModeContext.Provider value={value}>{children}</ElderlyModeContext.Provider>;
}

export function useElderlyMode(): ElderlyModeValue {
  return useContext(ElderlyModeContext);
}
