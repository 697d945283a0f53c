import { useCallback, useState } from 'react';
import { readStorage, removeStorage, STORAGE_KEYS, writeStorage } from '../lib/storage';

/**
 * Form state that survives an expired session (log-in sends the user away), a killed
 * app or a slip of the thumb. Use one key per form, e.g. 'requests/new'.
 * Written on every change, not debounced: a 401 redirect can follow the last keystroke
 * within milliseconds. Call `clear()` after a successful submit.
 */
export function useDraft<T extends object>(key: string, initial: T): [T, (patch: Partial<T>) => void, () => void] {
  const storageKey = STORAGE_KEYS.draftPrefix + key;
  // `initial` is usually an inline literal, new on every render: keep the first one so `clear` stays stable.
  const [initialValue] = useState(initial);
  const [value, setValue] = useState<T>(() => ({ ...initial, ...(readStorage<Partial<T>>(storageKey) ?? {}) }));

  const update = useCallback(
    (patch: Partial<T>) => {
      setValue((prev) => {
        const next = { ...prev, ...patch };
        writeStorage(storageKey, next);
        return next;
      });
    },
    [storageKey],
  );

  const clear = useCallback(() => {
    removeStorage(storageKey);
    setValue(initialValue);
  }, [storageKey, initialValue]);

  return [value, update, clear];
}
