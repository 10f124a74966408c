export default definePageConfig({
  navigationBarTitleText: '药店收银',
});
