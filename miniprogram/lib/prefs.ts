import { createStore } from './store';
import { readStorage, STORAGE_KEYS, writeStorage } from './storage';

/** 适老化 large-text mode; read once at start so the first paint is already large. */
export const elderStore = createStore<boolean>(readStorage<boolean>(STORAGE_KEYS.elder) === true);

export function setElderMode(on: boolean): void {
  writeStorage(STORAGE_KEYS.elder, on);
  elderStore.set(on);
}
