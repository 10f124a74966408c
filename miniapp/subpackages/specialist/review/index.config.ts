export default definePageConfig({
  navigationBarTitleText: '共管居民',
});
