import { useCallback, useRef, useState } from 'react';
import { newIdempotencyKey } from '../api/client';
import { ApiError, toApiError } from '../api/errors';

export interface MutationState<A, R> {
  /** Runs the action; resolves to undefined when it failed (the error is in `error`). */
  run: (args: A) => Promise<R | undefined>;
  pending: boolean;
  error: ApiError | undefined;
  reset: () => void;
}

/**
 * Wraps a create/update action. The action receives an Idempotency-Key that stays the
 * same until it succeeds, so a user tapping "提交" again after a timeout does not
 * create a second order; a double tap while pending is ignored.
 *
 *   const submit = useMutation((body: CreateRequestBody, key) => requestsApi.create(body, key));
 */
export function useMutation<A, R>(action: (args: A, idempotencyKey: string) => Promise<R>): MutationState<A, R> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const keyRef = useRef<string | null>(null);
  const busy = useRef(false);
  const actionRef = useRef(action);
  actionRef.current = action;

  const run = useCallback(async (args: A) => {
    if (busy.current) return undefined;
    busy.current = true;
    keyRef.current ??= newIdempotencyKey();
    setPending(true);
    setError(undefined);
    try {
      const result = await actionRef.current(args, keyRef.current);
      keyRef.current = null;
      return result;
    } catch (err) {
      const apiError = toApiError(err);
      // A refused or invalid request will not succeed with the same key; start afresh.
      if (apiError.status >= 400 && apiError.status < 500 && apiError.status !== 429) keyRef.current = null;
      setError(apiError);
      return undefined;
    } finally {
      busy.current = false;
      setPending(false);
    }
  }, []);

  const reset = useCallback(() => setError(undefined), []);
  return { run, pending, error, reset };
}
