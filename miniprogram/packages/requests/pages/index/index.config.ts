export default definePageConfig({
  navigationBarTitleText: '菜单式服务',
});
