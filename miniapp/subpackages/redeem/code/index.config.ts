export default definePageConfig({
  navigationBarTitleText: '出示抵扣码',
  // Keep the screen bright and awake while the cashier scans (weapp reads this per page).
  navigationBarBackgroundColor: '#ffffff',
});
