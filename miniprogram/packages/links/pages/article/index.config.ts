export default definePageConfig({
  navigationBarTitleText: '石楠街道公众号',
});
