import { checkIn, checkOut, correctAttendance, getCheckinCode, getRoster } from './_lib/services/redpost/attendance';
import {
  cancelShift,
  createShift,
  getShift,
  listMyShifts,
  listPosts,
  listShifts,
  updateShift,
} from './_lib/services/redpost/shifts';
import { cancelSignup, signUpForShift } from './_lib/services/redpost/signups';
import {
  awardStars,
  getMyVolunteerProfile,
  getYearlyRecord,
  listVolunteers,
  registerVolunteer,
  reviewVolunteer,
} from './_lib/services/redpost/volunteers';
import { redpostRoutes } from '../shared/contract/redpost';
import { bind } from './_lib/http/bind';
import { Reply } from './_lib/http/reply';
import { createRouter } from './_lib/http/router';

/** /api/redpost/* (posts, shifts, sign-ups, check-in) and /api/volunteers* (profiles, hours, stars). */
export const routes = bind(redpostRoutes, {
  posts: ({ ctx }) => listPosts({ ctx }),
  shifts: ({ ctx, query }) => listShifts({ ctx, query }),
  myShifts: ({ ctx, query }) => listMyShifts({ ctx, query }),
  shift: ({ ctx, params }) => getShift({ ctx, id: params.id }),
  createShift: ({ ctx, body }) => createShift({ ctx, input: body }),
  replaceShift: ({ ctx, params, body }) => updateShift({ ctx, id: params.id, input: body }),
  cancelShift: ({ ctx, params, body }) => cancelShift({ ctx, id: params.id, input: body }),
  signup: ({ ctx, params }) => signUpForShift({ ctx, shiftId: params.id }),
  withdraw: ({ ctx, params }) => cancelSignup({ ctx, shiftId: params.id }),
  checkinCode: ({ ctx, params }) => getCheckinCode({ ctx, shiftId: params.id }),
  checkin: ({ ctx, params, body }) => checkIn({ ctx, shiftId: params.id, code: body.code }),
  checkout: ({ ctx, params, body }) => checkOut({ ctx, shiftId: params.id, code: body.code }),
  roster: ({ ctx, params }) => getRoster({ ctx, shiftId: params.id }),
  attendance: ({ ctx, params, body }) => correctAttendance({ ctx, shiftId: params.id, input: body }),
  registerVolunteer: async ({ ctx, body }) => {
    const { created, profile } = await registerVolunteer({ ctx, input: body });
    return new Reply(created ? 201 : 200, profile);
  },
  myVolunteer: ({ ctx }) => getMyVolunteerProfile({ ctx }),
  myRecord: ({ ctx, query }) => getYearlyRecord({ ctx, year: query.year }),
  volunteers: ({ ctx, query }) => listVolunteers({ ctx, query }),
  stars: ({ ctx, params, body }) => awardStars({ ctx, userId: params.id, input: body }),
  approveVolunteer: ({ ctx, params }) => reviewVolunteer({ ctx, userId: params.id, review: { decision: 'approved' } }),
  rejectVolunteer: ({ ctx, params, body }) => reviewVolunteer({ ctx, userId: params.id, review: { decision: 'rejected', reason: body.reason } }),
});

export default createRouter(routes);
