export default definePageConfig({
  navigationBarTitleText: '街道公众号',
});
