export default definePageConfig({
  navigationBarTitleText: '家人代办记录',
});
