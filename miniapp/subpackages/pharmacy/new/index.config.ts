export default definePageConfig({
  navigationBarTitleText: '新的抵扣收款',
});
