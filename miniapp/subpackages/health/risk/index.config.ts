export default definePageConfig({
  navigationBarTitleText: '心血管病风险',
});
