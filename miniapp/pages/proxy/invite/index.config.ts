export default definePageConfig({
  navigationBarTitleText: '邀请家人代办',
});
