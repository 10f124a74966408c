export default definePageConfig({
  navigationBarTitleText: '接受收银员邀请',
});
