import type { ReactNode } from 'react';

/** One column of a desk table: its heading, how wide, and what a row shows in it. */
export interface DeskColumn<T> {
  key: string;
  title: string;
  /** CSS grid track, e.g. '2fr' or '120px' (default 1fr). */
  width?: string;
  render: (row: T) => ReactNode;
}

export interface DeskTableProps<T> {
  columns: DeskColumn<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  onRowClick?: (row: T) => void;
  testId?: string;
  /** Shown instead of the rows when there are none. */
  empty?: ReactNode;
}
