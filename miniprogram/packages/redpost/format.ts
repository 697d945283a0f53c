import { streetClock, streetDate } from '../../../shared/time';
/** Street-local parts of an ISO time, for display (read through getUTC*). */
const local = (iso: string) => streetClock(new Date(iso));

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const pad = (n: number) => String(n).padStart(2, '0');

/** 12月3日 周四 */
export function dayLabel(iso: string): string {
  const d = local(iso);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 周${WEEKDAYS[d.getUTCDay()]}`;
}

export function clock(iso: string): string {
  const d = local(iso);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** 12月3日 周四 08:30—11:30 */
export function shiftTime(startsAt: string, endsAt: string): string {
  return `${dayLabel(startsAt)} ${clock(startsAt)}—${clock(endsAt)}`;
}


/** The street-local date and time as an ISO string with the +08:00 offset the API takes. */
export function toIso(date: string, time: string): string {
  return `${date}T${time}:00+08:00`;
}

/** YYYY-MM-DD of the street-local day of an ISO time. */
export const datePart = (iso: string): string => streetDate(new Date(iso));

export function hoursText(minutes: number | null | undefined): string {
  if (!minutes) return '0 小时';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h && m ? `${h} 小时 ${m} 分钟` : h ? `${h} 小时` : `${m} 分钟`;
}

export const stars = (n: number | null | undefined) => (n ? '★'.repeat(n) + '☆'.repeat(5 - n) : '');
