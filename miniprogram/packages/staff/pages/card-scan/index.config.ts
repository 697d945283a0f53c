export default definePageConfig({
  navigationBarTitleText: '扫亲情卡',
});
