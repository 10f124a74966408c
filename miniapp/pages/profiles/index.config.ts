export default definePageConfig({
  navigationBarTitleText: '切换档案',
});
