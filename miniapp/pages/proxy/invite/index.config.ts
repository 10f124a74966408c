export default definePageConfig({
  navigationBarTitleText: '邀请家人代办',
  // The invitation is sent to a WeChat friend from here (useShareAppMessage).
  enableShareAppMessage: true,
});
