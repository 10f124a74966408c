export default definePageConfig({
  navigationBarTitleText: '健康教育内容',
});
