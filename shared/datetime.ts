import * as z from 'zod';

/**
 * The dates this service can mean: anything else is a typo or tampering. PostgreSQL and JS disagree
 * on years below 100 (they silently become 19xx) and year 0 does not exist in timestamptz, so an
 * unbounded date answers 500 or stores another date than sent.
 */
export const EARLIEST_DATE = Date.UTC(2000, 0, 1);
export const LATEST_DATE = Date.UTC(2100, 0, 1);

/** True for an ISO string PostgreSQL and JS read alike, within 2000-01-01..2100-01-01 (UTC). */
export function isSaneDate(iso: string): boolean {
  if (!/^\d{4}-/.test(iso)) return false;
  const t = Date.parse(iso);
  return !Number.isNaN(t) && t >= EARLIEST_DATE && t < LATEST_DATE;
}

/** ISO 8601 date-time with an offset, bounded to 2000..2099: the one date-time schema of the contract. */
export const isoDateTime = (error = '请选择日期和时间') =>
  z.iso.datetime({ offset: true, error }).refine(isSaneDate, '日期须在 2000 年至 2099 年之间');
