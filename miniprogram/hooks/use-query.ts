import { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, toApiError } from '../api/errors';

export interface QueryState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** True only while there is nothing to show yet (first load or after a key change). */
  loading: boolean;
  /** True while any request is in flight, including background reloads. */
  fetching: boolean;
  reload: () => Promise<void>;
  setData: (next: T | ((prev: T | undefined) => T)) => void;
}

export interface QueryOptions {
  /** Fetch again whenever the page is shown again (e.g. coming back from a detail page). */
  reloadOnShow?: boolean;
}

/**
 * Loads data for a page. `key` identifies what is loaded: when it changes the data is
 * fetched again; `null` waits (e.g. until logged in). The fetcher should call the API
 * client with `silent: true` when the page shows `error` inline, so it is not shown twice.
 *
 *   const { data, loading, error, reload } = useQuery(`requests/${id}`, () => requestsApi.get(id));
 */
export function useQuery<T>(key: string | null, fetcher: () => Promise<T>, options: QueryOptions = {}): QueryState<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [fetching, setFetching] = useState(key !== null);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  // Responses for an old key must not overwrite a newer one (fast tab/filter switches).
  const generation = useRef(0);
  const loadedKey = useRef<string | null>(null);

  const run = useCallback(async () => {
    if (key === null) return;
    const mine = ++generation.current;
    setFetching(true);
    try {
      const result = await fetcherRef.current();
      if (mine !== generation.current) return;
      setDataState(result);
      setError(undefined);
      loadedKey.current = key;
    } catch (err) {
      if (mine !== generation.current) return;
      setError(toApiError(err));
    } finally {
      if (mine === generation.current) setFetching(false);
    }
  }, [key]);

  useEffect(() => {
    if (loadedKey.current !== key) setDataState(undefined);
    void run();
  }, [run, key]);

  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) {
      firstShow.current = false;
      return;
    }
    if (options.reloadOnShow) void run();
  });

  const setData = useCallback((next: T | ((prev: T | undefined) => T)) => {
    setDataState((prev) => (typeof next === 'function' ? (next as (p: T | undefined) => T)(prev) : next));
  }, []);

  return { data, error, loading: fetching && data === undefined, fetching, reload: run, setData };
}
