import { ServiceError } from '../errors';
import type { Req } from './types';

export const MAX_BODY_BYTES = 64 * 1024;

/** Reads the raw body ourselves so the size limit and bad JSON answer the same on Vercel and locally. */
export async function readJsonBody(req: Req, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(buf);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new ServiceError(400, 'INVALID_JSON', '请求内容不是有效的 JSON');
  }
}

function tooLarge(maxBytes: number) {
  return new ServiceError(413, 'PAYLOAD_TOO_LARGE', `提交的内容太大（上限 ${Math.floor(maxBytes / 1024)} KB）`);
}

/**
 * C0 controls other than tab, newline and carriage return (and DEL). PostgreSQL refuses U+0000 in
 * text and jsonb outright, so one reaching a statement answered 500; the others have no place in
 * anything a resident types and only serve to hide text from people and filters.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const printable = (key: string) =>
  key.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Paths (as the 400 names them: `a.b.0`) of every string or key holding a control character. */
function controlPaths(value: unknown, path: string[], out: string[], depth = 0): void {
  if (out.length >= 10 || depth > 64) return;
  if (typeof value === 'string') {
    if (CONTROL.test(value)) out.push(path.join('.') || '(body)');
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => controlPaths(v, [...path, String(i)], out, depth + 1));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = [...path, printable(k)];
      if (CONTROL.test(k)) out.push(p.join('.'));
      else controlPaths(v, p, out, depth + 1);
    }
  }
}

/** Refuses, as a 400 naming each field, any string (or key) of a body, query or path holding a control character. */
export function refuseControlCharacters(value: unknown): void {
  const paths: string[] = [];
  controlPaths(value, [], paths);
  if (!paths.length) return;
  throw new ServiceError(
    400,
    'VALIDATION_FAILED',
    `请求内容有误：${paths[0]} 含有不可见的控制字符`,
    paths.map((path) => ({ path, message: '不能含有控制字符' })),
  );
}
