import type { RateLimitPolicy } from '../store/types';
import type { RateLimitName } from '../../../shared/contract/route';

/** Per route family; the identifier is the user id when logged in, the client address otherwise. */
export const RATE_LIMITS: Record<Exclude<RateLimitName, 'none'>, RateLimitPolicy> = {
  read: { name: 'read', limit: 300, windowSeconds: 60 },
  write: { name: 'write', limit: 60, windowSeconds: 60 },
  auth: { name: 'auth', limit: 60, windowSeconds: 60 },
  report: { name: 'report', limit: 10, windowSeconds: 600 },
  scan: { name: 'scan', limit: 30, windowSeconds: 60 },
  /** Staff looking residents up (代办 picker): a person at the desk, not a script walking numbers. */
  lookup: { name: 'lookup', limit: 20, windowSeconds: 60 },
};
