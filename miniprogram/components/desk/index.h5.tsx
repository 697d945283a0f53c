import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useSession } from '../../hooks/use-session';
import { back, replace } from '../../lib/navigate';
import { isTabRoute } from '../../lib/routes';
import { PAGES } from '../../../shared/pages';
import { isStaffRole } from '../../lib/session';
import type { DeskTableProps } from './types';
import './index.h5.scss';

/*
 * H5 only (the weapp build resolves index.tsx): a title bar with 返回 on every page that is
 * not a tab (WeChat draws its own; the browser has none), and at desk width (≥ 1024 px) the
 * staff pages as a console: a side navigation beside the page, lists as tables. Below
 * 1024 px nothing changes but the title bar.
 */

export type { DeskColumn, DeskTableProps } from './types';

const DESK_QUERY = '(min-width: 1024px)';
const media = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(DESK_QUERY) : null;
const subscribe = (onChange: () => void) => {
  media?.addEventListener('change', onChange);
  return () => media?.removeEventListener('change', onChange);
};
const matches = () => Boolean(media?.matches);

/** True when the window is desk-sized (≥ 1024 px); follows a resize. */
export function useDeskWidth(): boolean {
  return useSyncExternalStore(subscribe, matches, () => false);
}

interface NavItem {
  label: string;
  path: string;
  query?: Record<string, string>;
  /** Pages reached from this one, shown with it highlighted. */
  also?: string[];
  admin?: boolean;
}

const NAV: NavItem[] = [
  { label: '工作台', path: PAGES.staff.desk },
  { label: '问题受理', path: PAGES.feedback.inbox, also: [PAGES.feedback.handle] },
  { label: '派单台', path: PAGES.requests.hub, query: { scope: 'all' }, also: [PAGES.requests.dispatch] },
  { label: '红岗班次', path: PAGES.redpost.staffEdit, also: [PAGES.redpost.staffRoster, PAGES.redpost.staffCode] },
  { label: '志愿者', path: PAGES.redpost.staffVolunteers },
  { label: '查亲情卡', path: PAGES.staff.cardScan },
  { label: '手册维护', path: PAGES.staff.handbookAdmin, also: [PAGES.staff.handbookEdit] },
  { label: '公众号文章', path: PAGES.staff.linksAdmin },
  { label: '网格与楼栋', path: PAGES.staff.grids },
  { label: '用户与角色', path: PAGES.staff.users, admin: true },
  { label: '街道设置', path: PAGES.staff.settings, admin: true },
  { label: 'Open311 接入', path: PAGES.staff.open311Keys, admin: true },
  { label: '操作记录', path: PAGES.staff.audit, admin: true },
];

const DESK_PAGES = new Set(NAV.flatMap((n) => [n.path, ...(n.also ?? [])]));

function currentPath(): string {
  const path = (Taro.getCurrentInstance().router?.path ?? '').split('?')[0];
  return path.startsWith('/') ? path : `/${path}`;
}

function pageTitle(): string {
  const page = Taro.getCurrentInstance().page as { config?: { navigationBarTitleText?: string } } | null | undefined;
  return page?.config?.navigationBarTitleText || (typeof document !== 'undefined' ? document.title : '') || '石楠邻里';
}

function TitleBar() {
  const title = useMemo(pageTitle, []);
  return (
    <View className="sn-titlebar" data-testid="h5-titlebar">
      <View className="sn-titlebar__back" role="button" aria-label="返回上一页" onClick={() => back(PAGES.tabs.home)} data-testid="h5-back">
        <Text className="sn-titlebar__chevron">‹</Text>
        <Text className="sn-titlebar__back-text">返回</Text>
      </View>
      <Text className="sn-titlebar__title">{title}</Text>
    </View>
  );
}

function DeskNav({ path, admin }: { path: string; admin: boolean }) {
  return (
    <View className="sn-desk__nav" data-testid="desk-nav">
      <Text className="sn-desk__brand">石楠邻里 · 工作台</Text>
      {NAV.filter((n) => admin || !n.admin).map((n) => {
        const on = n.path === path || (n.also ?? []).includes(path);
        return (
          <View
            key={n.label}
            className={`sn-desk__link ${on ? 'sn-desk__link--on' : ''}`}
            role="link"
            aria-current={on ? 'page' : undefined}
            onClick={() => (on && n.path === path ? undefined : replace(n.path, n.query))}
          >
            {n.label}
          </View>
        );
      })}
      <View className="sn-desk__link sn-desk__link--home" role="link" onClick={() => replace(PAGES.tabs.home)}>
        回到居民首页
      </View>
    </View>
  );
}

export function PageChrome({ children }: { children: ReactNode }) {
  const path = useMemo(currentPath, []);
  const session = useSession();
  const desk = useDeskWidth();
  const bar = isTabRoute(path) ? null : <TitleBar />;
  const staff = isStaffRole(session?.user.role);
  if (!staff || !DESK_PAGES.has(path) || !desk) {
    return (
      <>
        {bar}
        {children}
      </>
    );
  }
  return (
    <View className="sn-desk">
      <DeskNav path={path} admin={session?.user.role === 'admin'} />
      <View className="sn-desk__main">
        {bar}
        {children}
      </View>
    </View>
  );
}

/** A list as a table: a heading row and one row per item; a row opens the item. */
export function DeskTable<T>({ columns, rows, rowKey, onRowClick, testId, empty }: DeskTableProps<T>) {
  const template = columns.map((c) => c.width ?? '1fr').join(' ');
  return (
    <View className="sn-table" role="table" data-testid={testId}>
      <View className="sn-table__row sn-table__row--head" role="row" style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <View key={c.key} className="sn-table__th" role="columnheader">
            {c.title}
          </View>
        ))}
      </View>
      {rows.length === 0 && empty ? <View className="sn-table__empty">{empty}</View> : null}
      {rows.map((r) => (
        <View
          key={rowKey(r)}
          className={`sn-table__row ${onRowClick ? 'sn-table__row--link' : ''}`}
          role="row"
          style={{ gridTemplateColumns: template }}
          onClick={onRowClick ? () => onRowClick(r) : undefined}
          data-testid="desk-row"
        >
          {columns.map((c) => (
            <View key={c.key} className={`sn-table__td sn-table__td--${c.key}`} role="cell">
              {c.render(r)}
            </View>
          ))}
        </View>
      ))}
    </View>
  );
}
