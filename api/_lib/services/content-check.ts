import { contentRefused } from '../errors';
import type { Ctx } from './context';

type Convert = (text: string) => string;
let toSimplified: Convert | null = null;

/**
 * Traditional → simplified Chinese (OpenCC's tables, via opencc-js: its t2cn build is ~110 KB,
 * a maintained port of the reference converter; a hand-made table would miss most characters).
 * Taiwan and Hong Kong variant forms both map to mainland simplified. Loaded on first use: in
 * connected mode with an openid, msgSecCheck does the checking and the tables are never read.
 */
function simplified(text: string): string {
  if (!toSimplified) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Converter } = require('opencc-js/t2cn') as { Converter: (o: { from: string; to: string }) => Convert };
    const fromTw = Converter({ from: 'tw', to: 'cn' });
    const fromHk = Converter({ from: 'hk', to: 'cn' });
    toSimplified = (t) => fromHk(fromTw(t));
  }
  return toSimplified(text);
}

/**
 * Invisible characters and spacing that split a word for a substring match while readers still
 * see it whole: format characters (zero-width space/joiner/non-joiner, soft hyphen, word joiner,
 * BOM, bidi marks, tags), controls, any white space (incl. the ideographic space) and variation
 * selectors.
 */
const INVISIBLE = /[\p{Cf}\p{Cc}\p{White_Space}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/gu;

/**
 * The form both the text and the word list are compared in: NFKC (full-width letters and
 * digits, compatibility ideographs and radicals become their plain forms), invisible characters
 * and spaces removed, traditional mapped to simplified, lower case.
 */
export function normaliseForMatching(text: string): string {
  return simplified(text.normalize('NFKC').replace(INVISIBLE, '')).toLowerCase();
}

const normalisedLists = new WeakMap<readonly string[], string[]>();
function normalisedList(words: readonly string[]): string[] {
  let list = normalisedLists.get(words);
  if (!list) {
    list = words.map(normaliseForMatching).filter(Boolean);
    normalisedLists.set(words, list);
  }
  return list;
}

/** The first word of the list the text contains once both are normalised, or null. */
export function blocklistHit(text: string, words: readonly string[]): string | null {
  if (!words.length) return null;
  const haystack = normaliseForMatching(text);
  const list = normalisedList(words);
  const i = list.findIndex((w) => haystack.includes(w));
  return i < 0 ? null : words[i];
}

/**
 * Runs before any resident text that may become public is stored. Connected mode asks
 * WeChat's msgSecCheck (WeChat requires it for user-generated content); local mode
 * uses the configurable word list, matched on normalised text. A refusal throws 422
 * CONTENT_REFUSED.
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
  if (blocklistHit(content, ctx.runtime.config.contentBlocklist)) throw contentRefused();
}
