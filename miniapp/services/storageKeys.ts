/** Every storage key the mini-program uses, in one place (prefix `pb.`). */
export const storageKeys = {
  session: 'pb.session',
  elderlyMode: 'pb.elderlyMode',
  activeProfile: 'pb.activeProfile',
  /** The active resident's family-doctor team and its number (联系家庭医生 works offline too). */
  teamContact: 'pb.teamContact',
  // H5 development only (`pb.dev.openidHint`) lives in platform/h5.ts so weapp never carries it.
} as const;
