export default definePageConfig({
  navigationBarTitleText: '履约考核',
});
