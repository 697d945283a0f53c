import type { Open311XmlRoot } from '../../../shared/contract/route';
import { ServiceError } from '../errors';
import { readBodyText } from './body';
import type { Req, Res } from './types';

/**
 * Open311 GeoReport v2's conventions, for the routes whose descriptor carries `open311`
 * (shared/contract/route.ts): the format in the path, XML beside JSON, errors as the spec's
 * `[{code, description}]`, open CORS for reading, comma lists and form-encoded posts.
 *
 * XML is written here rather than with a builder library: the spec's documents are flat
 * (elements holding text, lists of elements, no attributes, no namespaces), so all a writer has
 * to get right is escaping and the element names of list items, which fit in this file; a
 * builder would add a dependency to the feedback function for no more than that.
 */
export type Open311Format = 'json' | 'xml';

export const isOpen311Format = (f: string | undefined): f is Open311Format => f === 'json' || f === 'xml';

/** The format an error on `pathname` is written in: XML when the path asks for it, JSON otherwise. */
export const formatOfPath = (pathname: string): Open311Format => (/\.xml\/?$/i.test(pathname) ? 'xml' : 'json');

/** The element name of a list's items, by the list's element (the spec's examples). */
const ITEM_OF: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
};

/** Text as XML 1.0 allows it: the five escapes, and characters XML cannot carry at all dropped. */
function escapeXml(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_OF[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') return `<${name}>${Object.entries(value).map(([k, v]) => element(k, v)).join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A GeoReport v2 document: a list becomes `<root><item>…</item>…</root>`, an object `<root><field>…</field>…</root>`. */
export function toOpen311Xml(root: Open311XmlRoot | 'errors', body: unknown): string {
  const inner = Array.isArray(body)
    ? body.map((v) => element(ITEM_OF[root], v)).join('')
    : Object.entries(body as Record<string, unknown>)
        .map(([k, v]) => element(k, v))
        .join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<${root}>${inner}</${root}>\n`;
}

export function sendOpen311(res: Res, status: number, format: Open311Format, root: Open311XmlRoot | 'errors', body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) return;
  const text = format === 'xml' ? toOpen311Xml(root, body) : JSON.stringify(body);
  res.statusCode = status;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Content-Type', format === 'xml' ? 'text/xml; charset=utf-8' : 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** A refusal in the spec's words: one `{code, description}` per problem, `code` the HTTP status. */
export function open311Errors(err: ServiceError): { code: number; description: string }[] {
  if (err.errors?.length) return err.errors.map((e) => ({ code: err.status, description: `${e.path.split('.')[0]}: ${e.message}` }));
  return [{ code: err.status, description: err.detail }];
}

/**
 * The spec's query: an empty argument is no argument, and a repeated one is the comma list it
 * would have been written as (`status=open&status=closed` is `status=open,closed`).
 */
export function open311Query(url: URL): Record<string, string> {
  const lists: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) {
    if (v.trim() === '') continue;
    (lists[k] ??= []).push(v);
  }
  return Object.fromEntries(Object.entries(lists).map(([k, v]) => [k, v.join(',')]));
}

/** POST requests: `application/x-www-form-urlencoded`, as the spec's clients send it; empty fields are absent. */
export async function readFormBody(req: Req): Promise<Record<string, string>> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) {
    throw new ServiceError(415, 'UNSUPPORTED_MEDIA', '请以 application/x-www-form-urlencoded 提交');
  }
  const text = (await readBodyText(req)) ?? '';
  return open311Query(new URL(`http://x/?${text}`));
}

/** Anyone may read the public GeoReport endpoints from a browser (no credentials: the answers are the same for all). */
export function applyOpen311Cors(req: Req, res: Res) {
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') return;
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
  res.setHeader('Access-Control-Max-Age', '600');
}

/** The address a client reached this endpoint at, for discovery's `url`. */
export function requestBase(req: Req): string {
  const proto = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() || ((req.socket as { encrypted?: boolean } | undefined)?.encrypted ? 'https' : 'http');
  const host = String(req.headers['x-forwarded-host'] ?? req.headers.host ?? 'localhost').split(',')[0].trim();
  return `${/^https?$/.test(proto) ? proto : 'http'}://${/^[\w.:[\]-]+$/.test(host) ? host : 'localhost'}`;
}
