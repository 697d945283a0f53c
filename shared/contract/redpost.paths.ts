/**
 * Method and path of every redpost operation: the zod-free half of `./redpost.ts`, the part the
 * mini-program's main package may import. One string per operation, `'METHOD /path'`, because
 * what the main package imports ships in it, and it sits close to its size budget.
 */
export const redpostPaths = {
  posts: 'GET /api/redpost/posts',
  shifts: 'GET /api/redpost/shifts',
  myShifts: 'GET /api/redpost/my-shifts',
  shift: 'GET /api/redpost/shifts/:id',
  createShift: 'POST /api/redpost/shifts',
  replaceShift: 'PUT /api/redpost/shifts/:id',
  cancelShift: 'POST /api/redpost/shifts/:id/cancel',
  signup: 'POST /api/redpost/shifts/:id/signup',
  withdraw: 'DELETE /api/redpost/shifts/:id/signup',
  checkinCode: 'GET /api/redpost/shifts/:id/checkin-code',
  checkin: 'POST /api/redpost/shifts/:id/checkin',
  checkout: 'POST /api/redpost/shifts/:id/checkout',
  roster: 'GET /api/redpost/shifts/:id/roster',
  attendance: 'POST /api/redpost/shifts/:id/attendance',
  registerVolunteer: 'POST /api/volunteers/me',
  myVolunteer: 'GET /api/volunteers/me',
  myRecord: 'GET /api/volunteers/me/record',
  volunteers: 'GET /api/volunteers',
  stars: 'POST /api/volunteers/:id/stars',
  approveVolunteer: 'POST /api/volunteers/:id/approve',
  rejectVolunteer: 'POST /api/volunteers/:id/reject',
} as const;
