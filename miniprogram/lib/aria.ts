import { hooks } from '@tarojs/shared';

/**
 * weapp: React code says `role="button"` (the web attribute); WXML says `aria-role`. The
 * template (config/plugins/aria-attributes.js) renders `aria-role` from `ariaRole`, so the
 * node data is renamed here, before Taro compresses it. `aria-label` needs no renaming.
 */
export function installAriaForWeapp(): void {
  if (process.env.TARO_ENV !== 'weapp') return;
  hooks.tap('modifyHydrateData', (data: Record<string, unknown>) => {
    if ('role' in data) {
      data.ariaRole = data.role;
      delete data.role;
    }
  });
}
