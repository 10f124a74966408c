export default definePageConfig({
  navigationBarTitleText: '健康存折',
});
