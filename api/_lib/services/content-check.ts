import { contentRefused } from '../errors';
import type { Ctx } from '../http/types';

/**
 * Runs before any resident text that may become public is stored. Connected mode asks
 * WeChat's msgSecCheck (WeChat requires it for user-generated content); local mode
 * uses the configurable word list. A refusal throws 422 CONTENT_REFUSED.
 */
export async function assertContentAllowed(ctx: Ctx, texts: (string | null | undefined)[]) {
  const content = texts.filter(Boolean).join('\n');
  if (!content) return;
  const wechat = ctx.runtime.wechat;
  if (wechat) {
    const openid = ctx.user?.openid;
    // msgSecCheck needs an openid that used the mini-program in the last 2 hours; staff and
    // demo users without one are checked against the word list instead.
    if (openid) {
      if (!(await wechat.checkText(content, openid))) throw contentRefused();
      return;
    }
  }
  const hit = ctx.runtime.config.contentBlocklist.find((w) => content.includes(w));
  if (hit) throw contentRefused();
}
