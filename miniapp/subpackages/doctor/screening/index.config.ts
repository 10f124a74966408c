export default definePageConfig({
  navigationBarTitleText: '录入筛查 / 检验',
});
