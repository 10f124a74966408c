export default definePageConfig({
  navigationBarTitleText: '转诊接收',
});
