/** The street's zone is Asia/Shanghai. China has no daylight saving, so the offset is fixed. */
const OFFSET_MINUTES = 8 * 60;

/** ISO 8601 in the street's local time with its offset, e.g. 2026-11-27T09:30:00.000+08:00. */
export function toStreetIso(date: Date): string {
  const local = new Date(date.getTime() + OFFSET_MINUTES * 60_000);
  return local.toISOString().replace('Z', '+08:00');
}

/** YYYYMMDD of the street-local day, used in codes like FW-20261127-0042. */
export function streetDayKey(date: Date): string {
  return toStreetIso(date).slice(0, 10).replace(/-/g, '');
}

export function streetYear(date: Date): number {
  return Number(toStreetIso(date).slice(0, 4));
}
