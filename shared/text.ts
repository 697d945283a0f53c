/** Marks that already end a sentence (Chinese and Western), after which no 。 is added. */
const SENTENCE_END = /[。！？!?.…]$/;
/** Marks that only pause a sentence: the sentence's end replaces them. */
const PAUSE_END = /[，,、；;：:]+$/;

/**
 * Someone's text as a sentence inside a message the app writes: trimmed, ending in 。 unless
 * it already ends a sentence (`理由！` stays `理由！`, never `理由！。`); a trailing comma or
 * colon becomes the 。. Empty text stays empty. Use it wherever a message is built around
 * text a resident or staff member typed: `` `未通过：${sentence(reason)}可修改后重新提交。` ``.
 */
export function sentence(text: string): string {
  const t = text.trim().replace(PAUSE_END, '');
  if (!t) return '';
  return SENTENCE_END.test(t) ? t : `${t}。`;
}
