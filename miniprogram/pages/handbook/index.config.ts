export default definePageConfig({
  navigationBarTitleText: '人民服务手册',
});
