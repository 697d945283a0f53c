/**
 * Just enough XML reading for GeoReport v2 documents (elements and text; attributes, comments,
 * processing instructions and a DOCTYPE are skipped; CDATA and the predefined and numeric
 * entities are read). It refuses what is not well-formed — a mismatched or unclosed tag, text
 * outside the root, a bare `&` or `<` — because a conformance check must notice broken XML,
 * not guess around it.
 */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string, at: number): string {
  return s.replace(/&([^;\s]{0,10});|&/g, (m, name: string | undefined) => {
    if (name === undefined) throw new Error(`bare & near offset ${at}`);
    if (name in ENTITIES) return ENTITIES[name];
    const num = /^#x([0-9a-f]+)$/i.exec(name) ?? /^#(\d+)$/.exec(name);
    if (num) return String.fromCodePoint(parseInt(num[1], name[1] === 'x' || name[1] === 'X' ? 16 : 10));
    throw new Error(`unknown entity ${m} near offset ${at}`);
  });
}

export function parseXml(src: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const skip = (end: string) => {
    const j = src.indexOf(end, i);
    if (j < 0) throw new Error(`unterminated ${end} construct`);
    i = j + end.length;
  };
  while (i < src.length) {
    if (src.startsWith('<?', i)) skip('?>');
    else if (src.startsWith('<!--', i)) skip('-->');
    else if (src.startsWith('<![CDATA[', i)) {
      const j = src.indexOf(']]>', i);
      if (j < 0 || !stack.length) throw new Error('CDATA outside an element or unterminated');
      stack[stack.length - 1].text += src.slice(i + 9, j);
      i = j + 3;
    } else if (src.startsWith('<!', i)) skip('>');
    else if (src.startsWith('</', i)) {
      const m = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(src.slice(i, i + 200));
      const open = stack.pop();
      if (!m || !open || open.name !== m[1]) throw new Error(`mismatched closing tag near offset ${i}`);
      i += m[0].length;
    } else if (src[i] === '<') {
      const m = /^<([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(src.slice(i, i + 4000));
      if (!m) throw new Error(`malformed tag near offset ${i}`);
      const el: XmlElement = { name: m[1], children: [], text: '' };
      if (stack.length) stack[stack.length - 1].children.push(el);
      else if (root) throw new Error('a second root element');
      else root = el;
      if (!m[3]) stack.push(el);
      i += m[0].length;
    } else {
      const j = src.indexOf('<', i);
      const raw = src.slice(i, j < 0 ? src.length : j);
      if (stack.length) stack[stack.length - 1].text += decode(raw, i);
      else if (raw.trim()) throw new Error(`text outside the root element near offset ${i}`);
      i = j < 0 ? src.length : j;
    }
  }
  if (stack.length) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

/** The text of a leaf element, trimmed; an empty element is null, as a JSON null is written `<x/>`. */
export const leafText = (el: XmlElement): string | null => (el.text.trim() === '' ? null : el.text.trim());

/** A record element (`<request><status>open</status>…</request>`) as field → text of its leaves. */
export function xmlRecord(el: XmlElement): Record<string, string | null> {
  return Object.fromEntries(el.children.map((c) => [c.name, c.children.length ? '[…]' : leafText(c)]));
}
