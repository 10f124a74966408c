export default definePageConfig({
  navigationBarTitleText: '从设备导入读数',
});
