export default definePageConfig({
  navigationBarTitleText: '您没有同意',
});
