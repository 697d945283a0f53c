import { ServiceError } from '../errors';

/** Opaque keyset cursors: base64url JSON of the last row's sort key. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, validate: (v: unknown) => v is T): T | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (validate(v)) return v;
  } catch {
    /* fall through */
  }
  throw new ServiceError(400, 'VALIDATION_FAILED', '分页参数无效', [{ path: 'cursor', message: '无效的分页游标' }]);
}

/** Cursor of (createdAt ISO, id) pairs, the usual keyset for newest-first lists. */
export const isTimeIdCursor = (v: unknown): v is { t: string; id: string } =>
  typeof v === 'object' && v !== null && typeof (v as { t: unknown }).t === 'string' && typeof (v as { id: unknown }).id === 'string' &&
  !Number.isNaN(Date.parse((v as { t: string }).t));

/** Takes limit+1 rows; answers the page and the cursor for the next one. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => unknown) {
  const items = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor(keyOf(items[items.length - 1])) : null;
  return { items, nextCursor };
}
