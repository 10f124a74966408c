import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

/**
 * Taro build configuration for the mini-program (weapp) and its H5 twin.
 *
 * - Sources live in `miniapp/`; output goes to `dist/weapp` or `dist/h5` (by `--type`).
 * - Nothing here reaches the network at build time: prebundle (esbuild + module federation) is off,
 *   the persistent cache is off, no analyzer/report plugins are loaded.
 * - `TARO_APP_API_BASE_URL` (shell environment or `.env`) becomes `process.env.TARO_APP_API_BASE_URL`
 *   in the bundle. Empty means same origin (H5 served by the service); the weapp build needs an
 *   absolute https:// URL of the service (a domain listed in the mini-program's request whitelist).
 */
const repositoryRoot = path.resolve(__dirname, '..');
/** Source outside `miniapp/` that the bundle imports (error codes and their Chinese messages). */
const sharedDir = path.join(repositoryRoot, 'shared');

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'resident-health-passbook',
    date: '2025-1-1',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'miniapp',
    outputRoot: `dist/${process.env.TARO_ENV ?? 'weapp'}`,
    plugins: [],
    env: {
      TARO_APP_API_BASE_URL: JSON.stringify(process.env.TARO_APP_API_BASE_URL ?? ''),
    },
    defineConstants: {},
    alias: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    logger: { quiet: true, stats: false },
    mini: {
      compile: { include: [sharedDir] },
      enableSourceMap: false,
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedDir] },
      enableSourceMap: false,
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        // No browserslist lookup at build time and nothing to prefix for the WebViews we target.
        autoprefixer: { enable: false },
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
