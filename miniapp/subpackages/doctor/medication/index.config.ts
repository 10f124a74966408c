export default definePageConfig({
  navigationBarTitleText: '用药方案',
});
