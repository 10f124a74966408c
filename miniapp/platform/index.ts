import type { Platform } from './types';

export * from './types';

/**
 * The platform layer for this build. `process.env.TARO_ENV` is replaced by a string literal at build
 * time, so webpack drops the branch not taken: the H5 stand-ins (and their simulator routes) never
 * reach the weapp bundle, and WeChat-only calls never reach the H5 bundle.
 */
export const platform: Platform =
  // A conditional expression (not if/return): webpack drops the dead arm of a constant `?:`, but it
  // keeps code after an `if (true) return …`, which would pull the weapp module into H5.
  process.env.TARO_ENV === 'h5'
    ? (require('./h5') as typeof import('./h5')).h5Platform
    : (require('./weapp') as typeof import('./weapp')).weappPlatform;
