export default definePageConfig({
  navigationBarTitleText: '志愿者星级评定',
});
