export default definePageConfig({
  navigationBarTitleText: '项目统计',
});
