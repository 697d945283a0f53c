import { PAGES } from '../../shared/pages';

const TAB_PATHS = new Set<string>(Object.values(PAGES.tabs));

export function isTabRoute(path: string): boolean {
  return TAB_PATHS.has(path.split('?')[0]);
}

export function withQuery(path: string, query?: Record<string, string | number | undefined>): string {
  if (!query) return path;
  const qs = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return qs ? `${path}?${qs}` : path;
}
