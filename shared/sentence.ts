/**
 * Joins free text someone typed into a sentence of ours without doubling its full stop
 * ("已取消：下雨。。" — issue 17): ends `text` with 。 unless it already ends a sentence.
 */
export function endSentence(text: string): string {
  const t = text.trimEnd();
  return /[。！？!?.…]$/.test(t) ? t : `${t}。`;
}

/** A preview of free text in at most `max` characters, marked … when cut (never cut silently). */
export function preview(text: string, max: number): string {
  const chars = Array.from(text.trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}
