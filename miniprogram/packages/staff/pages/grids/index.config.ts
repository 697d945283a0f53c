export default definePageConfig({
  navigationBarTitleText: '网格与楼栋',
});
