export default definePageConfig({
  navigationBarTitleText: '推荐健康知识',
});
