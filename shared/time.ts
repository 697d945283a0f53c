/** The street's zone is Asia/Shanghai. China has no daylight saving, so the offset is fixed. */
const OFFSET_MINUTES = 8 * 60;
const OFFSET_MS = OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;

/**
 * The street's wall clock at `date`, as a Date whose UTC fields (getUTCHours, getUTCDate, …)
 * are the local ones. Read it only through getUTC*; it is not the same instant.
 */
export function streetClock(date: Date): Date {
  return new Date(date.getTime() + OFFSET_MS);
}

/** ISO 8601 in the street's local time with its offset, e.g. 2026-11-27T09:30:00.000+08:00. */
export function toStreetIso(date: Date): string {
  return streetClock(date).toISOString().replace('Z', '+08:00');
}

/** YYYY-MM-DD of the street-local day. */
export function streetDate(date: Date): string {
  return toStreetIso(date).slice(0, 10);
}

/** YYYYMMDD of the street-local day, used in codes like FW-20261127-0042. */
export function streetDayKey(date: Date): string {
  return streetDate(date).replace(/-/g, '');
}

/** YYYY-MM-DD of the street day `days` after (or, negative, before) the one `from` falls in. */
export function streetDateIn(days: number, from: Date = new Date()): string {
  return streetDate(new Date(from.getTime() + days * DAY_MS));
}

/** The calendar day `days` after the day YYYY-MM-DD (`streetDayAfter('2026-12-31', 1)` = '2027-01-01'). */
export function streetDayAfter(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function streetYear(date: Date): number {
  return Number(toStreetIso(date).slice(0, 4));
}

/** 00:00 in Shanghai of the street-local day `now` falls in. */
export function streetDayStart(now: Date): Date {
  return new Date(Math.floor((now.getTime() + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS);
}

/** Monday 00:00 in Shanghai of the week `now` falls in. */
export function streetWeekStart(now: Date): Date {
  const day = streetDayStart(now);
  const dow = streetClock(day).getUTCDay();
  return new Date(day.getTime() - ((dow + 6) % 7) * DAY_MS);
}

/**
 * A moment as people read it, in the street's zone: 12月7日 16:30, with the year in front
 * (2025年12月7日 16:30) when it is not the year of `now`.
 */
export function streetDateTimeText(date: Date, now: Date = date): string {
  const d = streetClock(date);
  const year = d.getUTCFullYear() === streetClock(now).getUTCFullYear() ? '' : `${d.getUTCFullYear()}年`;
  const hm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return `${year}${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${hm}`;
}
