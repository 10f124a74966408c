export default definePageConfig({
  navigationBarTitleText: '撤回授权',
});
