import type { Me } from '../../shared/auth';
import { createStore } from './store';
import { readStorage, removeStorage, STORAGE_KEYS, writeStorage } from './storage';

export interface Session {
  token: string;
  user: Me;
}

/** Kept in storage so a restart of WeChat (or a reload of H5) keeps the user logged in. */
export const sessionStore = createStore<Session | null>(readStorage<Session>(STORAGE_KEYS.session) ?? null);

export function getSession(): Session | null {
  return sessionStore.get();
}

export function setSession(session: Session): void {
  writeStorage(STORAGE_KEYS.session, session);
  sessionStore.set(session);
}

export function updateUser(user: Me): void {
  const current = sessionStore.get();
  if (!current) return;
  setSession({ ...current, user });
}

export function clearSession(): void {
  removeStorage(STORAGE_KEYS.session);
  sessionStore.set(null);
}

export function isStaffRole(role: Me['role'] | undefined): boolean {
  return role === 'staff' || role === 'admin';
}
