import { streetClock, streetDateTimeText, streetDayText } from '../../shared/time';

/*
 * Dates as people read them (docs/copy-guide.md), in the street's zone (Asia/Shanghai):
 * a moment is 12月7日 16:30, a day 12月7日, the year in front only when it is not this year.
 * Every page formats through these; none slices an ISO string.
 */

const parse = (iso: string | null | undefined): Date | null => {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** 2026年12月7日: a date that stands alone (a record's date, an export), always with its year. */
export function formatDate(iso: string | null | undefined): string {
  const d = parse(iso);
  if (!d) return '';
  const local = streetClock(d);
  return `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日`;
}

/** 12月7日 16:30 */
export function formatDateTime(iso: string | null | undefined, now: Date = new Date()): string {
  const d = parse(iso);
  return d ? streetDateTimeText(d, now) : '';
}

/** 12月7日 */
export function formatDay(iso: string | null | undefined, now: Date = new Date()): string {
  const d = parse(iso);
  return d ? streetDayText(d, now) : '';
}

/** Router params arrive encoded on weapp and decoded on H5; decode once, safely. */
export function decodeParam(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A privacy-notice version ('2026-12-03.2') as people read it: 2026年12月3日第2版. */
export function policyVersionText(version: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:\.(\d+))?$/.exec(version);
  if (!m) return version;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日${m[4] ? `第${m[4]}版` : '版'}`;
}
