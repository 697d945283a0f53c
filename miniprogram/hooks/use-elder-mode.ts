import { useSyncExternalStore } from 'react';
import { elderStore, setElderMode } from '../lib/prefs';

export function useElderMode(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(elderStore.subscribe, elderStore.get, elderStore.get);
  return [on, setElderMode];
}
