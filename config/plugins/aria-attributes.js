/**
 * Taro plugin: lets accessibility attributes reach WeChat's WXML.
 *
 * Taro's weapp templates (base.wxml) only render the attributes listed per component, and
 * `aria-label` / `aria-role` are not among them, so the labels pages set were dropped
 * before WeChat's screen reader could see them. This is what @tarojs/plugin-inject's
 * `components` option does (its newest release is 4.1.11, built for another Taro version;
 * Taro 4.2.1 is pinned here), in a dozen lines against the same platform hook.
 * The runtime side (role → ariaRole) is in miniprogram/lib/aria.ts.
 */
const ARIA = { 'aria-label': "''", 'aria-role': "''" };

module.exports = (ctx) => {
  ctx.registerMethod({
    name: 'onSetupClose',
    fn(platform) {
      if (process.env.TARO_ENV !== 'weapp' || !platform.template) return;
      platform.template.mergeComponents(ctx, { View: ARIA, Text: ARIA, Button: ARIA, Image: ARIA });
    },
  });
};
