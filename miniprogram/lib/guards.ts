import { currentPageUrl, go } from './navigate';
import { ROUTES } from './routes';
import { getSession, isStaffRole } from './session';

/**
 * Call before showing or sending anything that needs a user. Returns false (and opens
 * log-in, which returns here afterwards) when there is none.
 */
export function requireLogin(returnTo?: string): boolean {
  if (getSession()) return true;
  go(ROUTES.login, { redirect: returnTo ?? currentPageUrl() });
  return false;
}

/**
 * PIPL: no personal data (card address, emergency contact, phone, …) may be sent before
 * the user has agreed to our notice. Pages that send such data call this first; it
 * returns false and opens the consent page, which comes back here once agreed.
 */
export function requireConsent(returnTo?: string): boolean {
  if (!requireLogin(returnTo)) return false;
  if (getSession()?.user.privacyConsentAt) return true;
  go(ROUTES.privacy, { redirect: returnTo ?? currentPageUrl() });
  return false;
}

/** For staff-only pages: residents who reach one through an old link are sent home. */
export function requireStaff(): boolean {
  if (!requireLogin()) return false;
  if (isStaffRole(getSession()?.user.role)) return true;
  go(ROUTES.home);
  return false;
}
