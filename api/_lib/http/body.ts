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
