export default definePageConfig({
  navigationBarTitleText: '邻里亲情卡',
});
