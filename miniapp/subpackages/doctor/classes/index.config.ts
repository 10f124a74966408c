export default definePageConfig({
  navigationBarTitleText: '健康讲座',
});
