export default definePageConfig({
  navigationBarTitleText: '石楠邻里',
});
