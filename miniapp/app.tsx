import { useDidShow, useLaunch } from '@tarojs/taro';
import { platform } from './platform';
import type { PropsWithChildren } from 'react';
import { syncPendingReadings } from './services/readings';
import { ElderlyModeProvider } from './state/elderlyMode';
import './app.scss';
import './components/styles/page-kit.scss';

if (process.env.TARO_ENV === 'h5') {
  // Taro normally sets the rem root size from an inline <script> in index.html; the service's CSP
  // forbids inline scripts, so the bundle does it before the first render. Compiled out of weapp.
  (require('./platform/h5RootFontSize') as typeof import('./platform/h5RootFontSize')).installRootFontSize();
}

/**
 * The app root. Pages render as its children, so the elderly-mode context (长辈模式) reaches every
 * page; the mode is persisted in storage and toggled on 我的.
 */
function App({ children }: PropsWithChildren) {
  // Readings typed offline upload by themselves: when the network returns and whenever the app
  // comes to the foreground (state/offlineQueue.ts); 重新同步 on 记录 is only a fallback.
  useLaunch(() => {
    platform.onNetworkRestored(() => {
      void syncPendingReadings().catch(() => undefined);
    });
  });
  useDidShow(() => {
    void syncPendingReadings().catch(() => undefined);
  });
  return <ElderlyModeProvider>{children}</ElderlyModeProvider>;
}

export default App;
