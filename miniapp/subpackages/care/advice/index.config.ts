export default definePageConfig({
  navigationBarTitleText: '专科医生的建议',
});
