// babel-preset-taro: https://docs.taro.zone/docs/next/babel-config
// Only miniapp/, shared/ and Taro's own packages go through babel (see config/index.ts `compile`).
module.exports = {
  presets: [
    [
      'taro',
      {
        framework: 'react',
        ts: true,
        compiler: 'webpack5',
        // The targets (WeChat base library, current WebViews) run ES2017+; no polyfills injected.
        useBuiltIns: false,
      },
    ],
  ],
};
