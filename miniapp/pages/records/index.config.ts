export default definePageConfig({
  navigationBarTitleText: '健康记录',
});
