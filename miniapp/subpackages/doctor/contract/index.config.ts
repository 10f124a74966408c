export default definePageConfig({
  navigationBarTitleText: '签约 / 续约',
});
