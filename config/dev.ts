import type { UserConfigExport } from '@tarojs/cli';

/** Development (`NODE_ENV=development`, e.g. `taro build --watch`): readable output, cheap source maps. */
export default {
  logger: { quiet: false, stats: true },
  mini: { enableSourceMap: true },
  h5: { enableSourceMap: true },
} satisfies UserConfigExport<'webpack5'>;
