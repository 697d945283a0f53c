import Taro from '@tarojs/taro';
import { useCallback, useRef, useState } from 'react';
import { toApiError } from '../api/errors';
import { useQuery, type QueryOptions, type QueryState } from './use-query';

/** What a keyset-paginated route answers (`pageSchema` in shared/problem.ts), perhaps with more beside the items. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PagedListState<P extends Page<unknown>> extends QueryState<P> {
  /** Every item loaded so far, the first page's and each "load more"'s, in order. */
  items: P['items'];
  /** There is a further page (show the "load more" button). */
  hasMore: boolean;
  /** Appends the next page; a failure is toasted and the button stays for another try. */
  loadMore: () => Promise<void>;
  loadingMore: boolean;
}

/**
 * A list read page by page. `fetchPage(cursor?)` loads one page (no cursor: the first); the
 * first page loads like `useQuery` (same `key`, `reloadOnShow`), `loadMore()` appends the next.
 * A new key or a reload starts again from the first page, and a page that arrives after
 * that is dropped. `data` is the first page's whole answer with every loaded item in `items`
 * (so counts beside the items stay readable); `setData` patches it (e.g. one item read).
 *
 *   const list = usePagedList(`requests/${scope}`, (cursor) => requestsApi.list(scope, undefined, cursor));
 *   {list.items.map(…)}
 *   {list.hasMore ? <Button loading={list.loadingMore} onClick={list.loadMore}>加载更多</Button> : null}
 */
export function usePagedList<P extends Page<unknown>>(key: string | null, fetchPage: (cursor?: string) => Promise<P>, options: QueryOptions = {}): PagedListState<P> {
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  // Bumped by every first-page load: a "more" that started before it belongs to an older list.
  const generation = useRef(0);
  const query = useQuery(
    key,
    () => {
      generation.current++;
      return fetchRef.current();
    },
    options,
  );
  const [loadingMore, setLoadingMore] = useState(false);
  const { data, setData } = query;
  const cursor = data?.nextCursor ?? null;

  const loadMore = useCallback(async () => {
    if (!cursor) return;
    const mine = generation.current;
    setLoadingMore(true);
    try {
      const next = await fetchRef.current(cursor);
      if (mine !== generation.current) return;
      setData((prev) => (prev ? { ...prev, items: [...prev.items, ...next.items], nextCursor: next.nextCursor } : next));
    } catch (err) {
      void Taro.showToast({ title: toApiError(err).detail, icon: 'none' });
    } finally {
      setLoadingMore(false);
    }
  }, [cursor, setData]);

  return { ...query, items: (data?.items ?? []) as P['items'], hasMore: cursor !== null, loadMore, loadingMore };
}
