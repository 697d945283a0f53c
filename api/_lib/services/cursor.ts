import { isSaneDate } from '../../../shared/datetime';
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

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Cursor of (createdAt ISO, id) pairs, the usual keyset for newest-first lists. A cursor is
 * client-held, so every part is checked before it reaches SQL: a non-UUID id or a year-0 time
 * makes PostgreSQL refuse the statement (500) instead of a 400.
 */
export const isTimeIdCursor = (v: unknown): v is { t: string; id: string } =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { t: unknown }).t === 'string' &&
  typeof (v as { id: unknown }).id === 'string' &&
  isSaneDate((v as { t: string }).t) &&
  UUID_RE.test((v as { id: string }).id);

/** Deepest offset a cursor may ask for: far past any real list, far below what OFFSET overflows at (2^63). */
export const MAX_CURSOR_OFFSET = 100_000;

/** Offset cursors `{o}`: a safe integer 0..MAX_CURSOR_OFFSET (1e300 or 2^63 made PostgreSQL answer 500). */
export const isOffset = (o: unknown): o is number => Number.isSafeInteger(o) && (o as number) >= 0 && (o as number) <= MAX_CURSOR_OFFSET;

/** Takes limit+1 rows; answers the page and the cursor for the next one. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => unknown) {
  const items = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor(keyOf(items[items.length - 1])) : null;
  return { items, nextCursor };
}
