export default definePageConfig({
  navigationBarTitleText: '当面核验代办人',
});
