import { api } from '../../api/client';
import { pageSchema } from '../../../shared/problem';
import {
  AttendanceResultSchema,
  CancelSignupResultSchema,
  CheckinCodeSchema,
  PostListSchema,
  RosterSchema,
  ShiftSchema,
  SignupResultSchema,
  StarsResultSchema,
  VolunteerListItemSchema,
  VolunteerProfileSchema,
  VolunteerReviewSchema,
  YearlyRecordSchema,
  type CreateShiftBody,
  type PostType,
  type VolunteerProfileBody,
  type VolunteerStatus,
} from '../../../shared/redpost';

const ShiftPageSchema = pageSchema(ShiftSchema);
const VolunteerPageSchema = pageSchema(VolunteerListItemSchema);
const id = (s: string) => encodeURIComponent(s);

/** The typed calls of 红岗; pages use them through useQuery / useMutation. */
export const redpostApi = {
  posts: () => api.get('/api/redpost/posts', PostListSchema, { silent: true }),
  shifts: (q: { postType?: PostType; from?: string; to?: string; cursor?: string }) =>
    api.get('/api/redpost/shifts', ShiftPageSchema, { query: { ...q, limit: 50 }, silent: true }),
  myShifts: (when: 'upcoming' | 'past') => api.get('/api/redpost/my-shifts', ShiftPageSchema, { query: { when, limit: 50 }, silent: true }),
  shift: (shiftId: string) => api.get(`/api/redpost/shifts/${id(shiftId)}`, ShiftSchema, { silent: true }),
  signUp: (shiftId: string, idempotencyKey: string) =>
    api.post(`/api/redpost/shifts/${id(shiftId)}/signup`, {}, SignupResultSchema, { idempotencyKey, silent: true }),
  cancelSignup: (shiftId: string) => api.delete(`/api/redpost/shifts/${id(shiftId)}/signup`, CancelSignupResultSchema, { silent: true }),
  checkIn: (shiftId: string, code: string) => api.post(`/api/redpost/shifts/${id(shiftId)}/checkin`, { code }, AttendanceResultSchema, { silent: true }),
  checkOut: (shiftId: string, code: string) => api.post(`/api/redpost/shifts/${id(shiftId)}/checkout`, { code }, AttendanceResultSchema, { silent: true }),
  profile: () => api.get('/api/volunteers/me', VolunteerProfileSchema, { silent: true }),
  register: (body: VolunteerProfileBody) => api.post('/api/volunteers/me', body, VolunteerProfileSchema, { silent: true }),
  record: (year?: number) => api.get('/api/volunteers/me/record', YearlyRecordSchema, { query: { year }, silent: true }),
  // Staff
  publish: (body: CreateShiftBody, idempotencyKey: string) => api.post('/api/redpost/shifts', body, ShiftSchema, { idempotencyKey, silent: true }),
  update: (shiftId: string, body: CreateShiftBody) => api.put(`/api/redpost/shifts/${id(shiftId)}`, body, ShiftSchema, { silent: true }),
  cancelShift: (shiftId: string, reason?: string) => api.post(`/api/redpost/shifts/${id(shiftId)}/cancel`, { reason }, ShiftSchema, { silent: true }),
  code: (shiftId: string) => api.get(`/api/redpost/shifts/${id(shiftId)}/checkin-code`, CheckinCodeSchema, { silent: true, stayOn401: true }),
  roster: (shiftId: string) => api.get(`/api/redpost/shifts/${id(shiftId)}/roster`, RosterSchema, { silent: true }),
  attendance: (shiftId: string, body: { userId: string; attendance: 'present' | 'late' | 'no_show'; minutes?: number; note?: string }) =>
    api.post(`/api/redpost/shifts/${id(shiftId)}/attendance`, body, AttendanceResultSchema, { silent: true }),
  volunteers: (q: { q?: string; year?: number; status?: VolunteerStatus }) => api.get('/api/volunteers', VolunteerPageSchema, { query: { ...q, limit: 100 }, silent: true }),
  awardStars: (userId: string, year: number, stars: number) =>
    api.post(`/api/volunteers/${id(userId)}/stars`, { year, stars }, StarsResultSchema, { silent: true }),
  approveVolunteer: (userId: string) => api.post(`/api/volunteers/${id(userId)}/approve`, {}, VolunteerReviewSchema, { silent: true }),
  rejectVolunteer: (userId: string, reason: string) =>
    api.post(`/api/volunteers/${id(userId)}/reject`, { reason }, VolunteerReviewSchema, { silent: true }),
};


export { REDPOST_ROUTES } from './routes';
