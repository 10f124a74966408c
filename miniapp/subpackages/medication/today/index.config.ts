export default definePageConfig({
  navigationBarTitleText: '今天要吃的药',
});
