export default definePageConfig({
  navigationBarTitleText: '绑定健康档案',
});
