export default definePageConfig({
  navigationBarTitleText: '接诊服务记录单',
});
