import type { Platform } from './types';

export * from './types';

/**
 * The platform layer for this build. `process.env.TARO_ENV` is replaced by a string literal at build
 * time, so webpack drops the branch not taken: the H5 stand-ins (and their simulator routes) never
 * reach the weapp bundle, and WeChat-only calls never reach the H5 bundle.
 */
function selectPlatform(): Platform {
  if (process.env.TARO_ENV === 'h5') {
    return (require('./h5') as typeof import('./h5')).h5Platform;
  }
  return (require('./weapp') as typeof import('./weapp')).weappPlatform;
}

export const platform: Platform = selectPlatform();
