import { operations } from '../../api/client';
import { redpostRoutes } from '../../../shared/contract/redpost';
import type { RequestBody, RequestQuery } from '../../../shared/contract/route';

// The contract itself (a subpackage may carry zod): each answer is parsed with its response schema.
const redpost = operations(redpostRoutes);

/** The typed calls of 红岗; pages use them through useQuery / useMutation. */
export const redpostApi = {
  posts: () => redpost.posts({}, { silent: true }),
  shifts: (q: Omit<RequestQuery<typeof redpostRoutes.shifts>, 'limit'>) => redpost.shifts({ query: { ...q, limit: 50 } }, { silent: true }),
  myShifts: (when: 'upcoming' | 'past') => redpost.myShifts({ query: { when, limit: 50 } }, { silent: true }),
  shift: (id: string) => redpost.shift({ id }, { silent: true }),
  signUp: (id: string, idempotencyKey: string) => redpost.signup({ id }, { idempotencyKey, silent: true }),
  cancelSignup: (id: string) => redpost.withdraw({ id }, { silent: true }),
  checkIn: (id: string, code: string) => redpost.checkin({ id, body: { code } }, { silent: true }),
  checkOut: (id: string, code: string) => redpost.checkout({ id, body: { code } }, { silent: true }),
  profile: () => redpost.myVolunteer({}, { silent: true }),
  register: (body: RequestBody<typeof redpostRoutes.registerVolunteer>) => redpost.registerVolunteer({ body }, { silent: true }),
  record: (year?: number) => redpost.myRecord({ query: { year } }, { silent: true }),
  // Staff
  publish: (body: RequestBody<typeof redpostRoutes.createShift>, idempotencyKey: string) => redpost.createShift({ body }, { idempotencyKey, silent: true }),
  update: (id: string, body: RequestBody<typeof redpostRoutes.replaceShift>) => redpost.replaceShift({ id, body }, { silent: true }),
  cancelShift: (id: string, reason?: string) => redpost.cancelShift({ id, body: { reason } }, { silent: true }),
  code: (id: string) => redpost.checkinCode({ id }, { silent: true, stayOn401: true }),
  roster: (id: string) => redpost.roster({ id }, { silent: true }),
  attendance: (id: string, body: RequestBody<typeof redpostRoutes.attendance>) => redpost.attendance({ id, body }, { silent: true }),
  volunteers: (q: Omit<RequestQuery<typeof redpostRoutes.volunteers>, 'limit'>) => redpost.volunteers({ query: { ...q, limit: 100 } }, { silent: true }),
  awardStars: (userId: string, year: number, stars: number) => redpost.stars({ id: userId, body: { year, stars } }, { silent: true }),
  approveVolunteer: (userId: string) => redpost.approveVolunteer({ id: userId }, { silent: true }),
  rejectVolunteer: (userId: string, reason: string) => redpost.rejectVolunteer({ id: userId, body: { reason } }, { silent: true }),
};

