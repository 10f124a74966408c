/** Every storage key the mini-program uses, in one place (prefix `pb.`). */
export const storageKeys = {
  session: 'pb.session',
  elderlyMode: 'pb.elderlyMode',
  /** H5 development only: which simulated WeChat user to log in as (`?as=<name>`). */
  devOpenidHint: 'pb.dev.openidHint',
} as const;
