import { useSyncExternalStore } from 'react';
import { sessionStore, isStaffRole, type Session } from '../lib/session';

export function useSession(): Session | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get, sessionStore.get);
}

export function useIsStaff(): boolean {
  return isStaffRole(useSession()?.user.role);
}
