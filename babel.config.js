// Babel for the Taro build (miniapp/, shared/ and Taro's own packages only — see config/index.ts).
//
// Why not `babel-preset-taro` with `framework: 'react'`: that preset requires `@babel/preset-react`,
// an optional peer dependency that is not installed in this repository (and package.json is not
// ours to change). So TypeScript and JSX (automatic runtime, `react/jsx-runtime`) are compiled by
// esbuild-loader as a pre-loader (config/index.ts `webpackChain`), and babel keeps the rest of what
// babel-preset-taro does for React: preset-env for the targets below and the runtime helpers.
// Once @babel/preset-react is installed this file can go back to `presets: [['taro', { framework:
// 'react', ts: true, compiler: 'webpack5' }]]` and the pre-loader can be removed.
const path = require('node:path');

/** WeChat's JS engines (iOS JSC 12+, XWeb/V8 on Android) and current mobile WebViews for H5. */
const targets = { ios: '12', chrome: '70' };

module.exports = (api) => {
  const isJest = api.env('test') || api.env('jest');
  api.cache.using(() => `${process.env.TARO_ENV ?? ''}:${process.env.NODE_ENV ?? ''}`);
  return {
    sourceType: 'unambiguous',
    overrides: [
      {
        exclude: [/@babel[/\\]runtime/, /core-js/, /\bwebpack\/buildin\b/],
        presets: [
          [
            require.resolve('@babel/preset-env'),
            { targets, modules: isJest ? 'commonjs' : false, useBuiltIns: false, ignoreBrowserslistConfig: true },
          ],
          [require.resolve('@babel/preset-typescript'), { allExtensions: true, isTSX: true, onlyRemoveTypeImports: false }],
        ],
        plugins: [
          [
            require.resolve('@babel/plugin-transform-runtime'),
            {
              regenerator: true,
              corejs: false,
              helpers: true,
              useESModules: !isJest,
              absoluteRuntime: path.dirname(require.resolve('@babel/runtime/package.json')),
              version: require('@babel/runtime/package.json').version,
            },
          ],
        ],
      },
    ],
  };
};
