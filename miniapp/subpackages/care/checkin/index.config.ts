export default definePageConfig({
  navigationBarTitleText: '讲座签到',
});
