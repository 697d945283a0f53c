import type { ReactNode } from 'react';
import type { DeskTableProps } from './types';

/*
 * The desk console (side navigation, tables, title bar) exists on H5 only: index.h5.tsx is
 * what the H5 build resolves. This file is the weapp build's: WeChat draws its own title bar
 * and back button, and the mini-program keeps its phone layout on every window.
 */

export type { DeskColumn, DeskTableProps } from './types';

/** True when the H5 app is on a desk-sized window (≥ 1024 px). Always false on weapp. */
export function useDeskWidth(): boolean {
  return false;
}

/** H5: title bar with a back button on sub-pages, and the staff console's side navigation. */
export function PageChrome({ children }: { children: ReactNode }) {
  return <>{children}</>;
}

export function DeskTable<T>(_props: DeskTableProps<T>) {
  return null;
}
