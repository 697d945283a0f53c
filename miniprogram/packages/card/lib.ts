import { callPhone } from '../../lib/device';
import { streetClock } from '../../../shared/time';

export function call(phone: string | null | undefined) {
  void callPhone(phone);
}

/** 2026年11月28日 08:30 in the street's zone. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const l = streetClock(d);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${l.getUTCFullYear()}年${l.getUTCMonth() + 1}月${l.getUTCDate()}日 ${two(l.getUTCHours())}:${two(l.getUTCMinutes())}`;
}
