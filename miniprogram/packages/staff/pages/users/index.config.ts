export default definePageConfig({
  navigationBarTitleText: '用户与角色',
});
