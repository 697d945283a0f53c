import { currentPageUrl, go } from './navigate';
import { getSession, isStaffRole, type Session } from './session';
import { PAGES } from '../../shared/pages';

/**
 * Call at a tap, before sending anything that needs a user. Returns false (and opens
 * log-in, which returns here afterwards) when there is none. Pages that need a user to be
 * shown at all use `usePageGuard('login')` instead, which opens log-in only once.
 */
export function requireLogin(returnTo?: string): boolean {
  if (getSession()) return true;
  go(PAGES.account.login, { redirect: returnTo ?? currentPageUrl() });
  return false;
}

/**
 * PIPL: no personal data (card address, emergency contact, phone, …) may be sent before
 * the user has agreed to our notice. Call at a tap; it returns false and opens the consent
 * page, which comes back here once agreed (or goes back on 不同意).
 */
export function requireConsent(returnTo?: string): boolean {
  if (!requireLogin(returnTo)) return false;
  if (getSession()?.user.privacyConsentAt) return true;
  go(PAGES.account.privacy, { redirect: returnTo ?? currentPageUrl() });
  return false;
}

export type GuardKind = 'login' | 'consent' | 'staff';
/** What stands between the user and a guarded page: nothing ('ok') or the missing step. */
export type GuardState = 'ok' | 'login' | 'consent' | 'staff';

export function guardState(kind: GuardKind, session: Session | null): GuardState {
  if (!session) return 'login';
  if (kind === 'consent' && !session.user.privacyConsentAt) return 'consent';
  if (kind === 'staff' && !isStaffRole(session.user.role)) return 'staff';
  return 'ok';
}

/** Opens the page that resolves `state` (log-in, the notice, or home for non-staff). */
export function openGuardStep(state: Exclude<GuardState, 'ok'>, returnTo?: string): void {
  const redirect = returnTo ?? currentPageUrl();
  if (state === 'login') go(PAGES.account.login, { redirect });
  else if (state === 'consent') go(PAGES.account.privacy, { redirect });
  else go(PAGES.tabs.home);
}
