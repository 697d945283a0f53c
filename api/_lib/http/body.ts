import busboy from 'busboy';
import { ServiceError, invalidField } from '../errors';
import type { UploadedFile } from '../services/context';
import type { Req } from './types';

export const MAX_BODY_BYTES = 64 * 1024;

/** The body as UTF-8 text, counted against `maxBytes` while it streams; undefined when empty. */
export async function readBodyText(req: Req, maxBytes = MAX_BODY_BYTES): Promise<string | undefined> {
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
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads the raw body ourselves so the size limit and bad JSON answer the same on Vercel and locally. */
export async function readJsonBody(req: Req, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const text = await readBodyText(req, maxBytes);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ServiceError(400, 'INVALID_JSON', '请求内容不是有效的 JSON');
  }
}

function tooLarge(maxBytes: number) {
  const limit = maxBytes >= 1024 * 1024 ? `${Math.floor(maxBytes / 1024 / 1024)} MB` : `${Math.floor(maxBytes / 1024)} KB`;
  return new ServiceError(413, 'PAYLOAD_TOO_LARGE', `提交的内容太大（上限 ${limit}）`);
}

/** What a multipart body may carry besides the file: its framing, a few small fields (wx.uploadFile's formData). */
const MULTIPART_OVERHEAD = 16 * 1024;

const unsupportedMedia = (detail: string) => new ServiceError(415, 'UNSUPPORTED_MEDIA', detail);

/**
 * Reads one file from a multipart/form-data body with busboy (a maintained streaming parser:
 * boundaries, quoting and part headers are where hand-written parsers go wrong). The file is
 * counted while it streams and the answer is 413 as soon as it passes `maxBytes`.
 */
export async function readMultipartFile(req: Req, { field, maxBytes }: { field: string; maxBytes: number }): Promise<UploadedFile> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^multipart\/form-data\s*;/i.test(type)) throw unsupportedMedia('请以 multipart/form-data 上传照片');
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > maxBytes + MULTIPART_OVERHEAD) throw tooLarge(maxBytes);
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: 8, fieldSize: 1024, parts: 10, headerPairs: 20 } });
  } catch {
    throw new ServiceError(400, 'MALFORMED_MULTIPART', '上传内容格式不正确');
  }
  return new Promise<UploadedFile>((resolve, reject) => {
    let file: UploadedFile | null = null;
    let failure: ServiceError | null = null;
    let total = 0;
    const fail = (err: ServiceError) => {
      failure ??= err;
    };
    parser.on('file', (name, stream, info) => {
      // A body cut short errors the file stream too ("Unexpected end of form"), wanted or not; the parser's own error answers.
      stream.on('error', () => fail(new ServiceError(400, 'MALFORMED_MULTIPART', '上传内容不完整，请重试')));
      if (name !== field || file) {
        fail(invalidField(field, `请在 ${field} 字段上传一张照片`));
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => {
        total += c.length;
        chunks.push(c);
      });
      stream.on('limit', () => fail(tooLarge(maxBytes)));
      stream.on('end', () => {
        if (!failure) file = { bytes: Buffer.concat(chunks, total), filename: info.filename ?? '' };
      });
    });
    parser.on('filesLimit', () => fail(invalidField(field, '一次只能上传一张照片')));
    parser.on('partsLimit', () => fail(new ServiceError(400, 'MALFORMED_MULTIPART', '上传内容格式不正确')));
    parser.on('error', () => {
      req.unpipe(parser);
      req.resume();
      reject(failure ?? new ServiceError(400, 'MALFORMED_MULTIPART', '上传内容格式不正确'));
    });
    parser.on('close', () => {
      if (failure) return reject(failure);
      if (!file) return reject(invalidField(field, '请选择要上传的照片'));
      if (!file.bytes.length) return reject(invalidField(field, '照片是空的'));
      resolve(file);
    });
    req.on('error', () => reject(new ServiceError(400, 'MALFORMED_MULTIPART', '上传中断，请重试')));
    req.pipe(parser);
  });
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
    '内容里有看不见的控制字符，请删去后再试',
    paths.map((path) => ({ path, message: '不能含有控制字符' })),
  );
}
