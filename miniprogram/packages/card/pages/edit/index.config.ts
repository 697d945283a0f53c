export default definePageConfig({
  navigationBarTitleText: '填写亲情卡',
});
