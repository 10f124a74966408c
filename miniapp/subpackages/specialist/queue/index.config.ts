export default definePageConfig({
  navigationBarTitleText: '专科共管',
});
