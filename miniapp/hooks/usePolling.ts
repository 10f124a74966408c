import { useDidHide, useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';

/**
 * Calls `tick` every `intervalMs` while `active` and the page is on screen (paused by useDidHide,
 * resumed by useDidShow), one call at a time: the next waits for the previous to settle, so a slow
 * network never piles requests up. Used by the 抵扣 screens (the resident's phone waits for the
 * cashier, the till waits for the resident); the caller handles its own errors.
 */
export function usePolling(tick: () => Promise<unknown>, intervalMs: number, active: boolean): void {
  const tickRef = useRef(tick);
  tickRef.current = tick;
  const [visible, setVisible] = useState(true);
  useDidShow(() => setVisible(true));
  useDidHide(() => setVisible(false));

  useEffect(() => {
    if (!active || !visible) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      timer = setTimeout(() => {
        void tickRef
          .current()
          .catch(() => undefined)
          .finally(() => {
            if (!stopped) schedule();
          });
      }, intervalMs);
    };
    schedule();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [active, visible, intervalMs]);
}
