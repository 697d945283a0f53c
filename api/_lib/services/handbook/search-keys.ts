import { handbookCategoryName } from '../../../../shared/handbook';

/** Latin letters only, lower case: pinyin-pro keeps punctuation and digits as they are. */
const letters = (parts: string[]) => parts.join('').toLowerCase().replace(/[^a-z]/g, '');

/** 低保申请 → "dibaoshenqing dbsq": full pinyin and initials, without tones. */
function pinyinOf(text: string): string[] {
  if (!/[\u4e00-\u9fff]/.test(text)) return [];
  // Loaded on the first write, not at start: its ~320 KB dictionary would slow every cold
  // start of api/content, and only staff edits (never searches) need it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { pinyin } = require('pinyin-pro') as typeof import('pinyin-pro');
  const full = letters(pinyin(text, { toneType: 'none', type: 'array' }));
  const initials = letters(pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' }));
  return [full, initials].filter(Boolean);
}

/**
 * The entry's search keys, computed once when the entry is written (pinyin-pro's dictionary
 * is too slow to run over every row per search): the category's name (民政 finds its
 * entries), the tags, and the pinyin of title and tags, so `dibao` and `db` find 低保.
 */
export function handbookSearchKeys(entry: { category: string; title: string; tags: readonly string[] }): string {
  const words = [entry.title, ...entry.tags];
  return [handbookCategoryName(entry.category), ...entry.tags, ...words.flatMap(pinyinOf)].join(' ');
}

/** What a typed query looks like as pinyin (di bao → dibao); null when it is not Latin letters. */
export function pinyinQuery(q: string): string | null {
  const s = q.toLowerCase().replace(/\s+/g, '');
  return /^[a-z]{2,}$/.test(s) ? s : null;
}
