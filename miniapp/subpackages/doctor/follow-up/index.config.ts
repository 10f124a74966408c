export default definePageConfig({
  navigationBarTitleText: '记录随访',
});
