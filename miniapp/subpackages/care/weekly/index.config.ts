export default definePageConfig({
  navigationBarTitleText: '每周小结',
});
