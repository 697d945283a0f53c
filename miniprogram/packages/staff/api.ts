import { operations } from '../../api/client';
import type { RequestQuery } from '../../../shared/contract/route';
import { staffRoutes } from '../../../shared/contract/staff';

// The contract itself (a subpackage may carry zod): each answer is parsed with its response schema.
const staff = operations(staffRoutes);

/** The admin's calls of the staff package. */
export const staffApi = {
  audit: (query: Omit<RequestQuery<typeof staffRoutes.audit>, 'limit'>) => staff.audit({ query: { ...query, limit: 30 } }, { silent: true }),
};
