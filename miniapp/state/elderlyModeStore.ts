import Taro from '@tarojs/taro';
import { platform } from '../platform';
import { storageKeys } from '../services/storageKeys';

/**
 * Where 长辈模式 is decided, outside React so the weapp custom tab bar (its own component tree) reads
 * the same answer: the person's own choice when they made one (stored '1' / '0'), otherwise the
 * WeChat font size — someone who enlarged the font in WeChat gets 长辈模式 from the first screen.
 */
export const elderlyModeChanged = 'pb:elderlyModeChanged';

/** WeChat's 标准 font is a scale of 1; one step larger (≈ 1.12–1.18 on iOS and Android) already means "I need bigger text". */
export const largeFontScale = 1.1;

export type ElderlyChoice = 'on' | 'off' | 'unchosen';

export function readElderlyChoice(): ElderlyChoice {
  try {
    const stored: unknown = Taro.getStorageSync(storageKeys.elderlyMode);
    return stored === '1' ? 'on' : stored === '0' ? 'off' : 'unchosen';
  } catch {
    return 'unchosen';
  }
}

/** True when the system font setting asks for large text (and the person has not chosen yet). */
export function followsLargeFont(): boolean {
  const scale = platform.systemFontScale();
  return scale !== null && scale >= largeFontScale;
}

export function readStoredElderlyMode(): boolean {
  const choice = readElderlyChoice();
  return choice === 'unchosen' ? followsLargeFont() : choice === 'on';
}

export function storeElderlyMode(enabled: boolean): void {
  try {
    Taro.setStorageSync(storageKeys.elderlyMode, enabled ? '1' : '0');
  } catch {
    // Storage full or unavailable: the mode still applies for this session.
  }
  Taro.eventCenter.trigger(elderlyModeChanged, enabled);
}
