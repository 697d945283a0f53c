export default definePageConfig({
  navigationBarTitleText: '谁查看过我的卡',
});
