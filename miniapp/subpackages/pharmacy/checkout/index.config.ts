export default definePageConfig({
  navigationBarTitleText: '抵扣单',
});
