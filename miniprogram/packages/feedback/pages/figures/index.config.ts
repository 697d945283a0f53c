export default definePageConfig({
  navigationBarTitleText: '公开数据',
});
