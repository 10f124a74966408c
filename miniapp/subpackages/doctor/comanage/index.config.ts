export default definePageConfig({
  navigationBarTitleText: '专科会诊与转诊',
});
