/** Zod-free: the 红岗 tab in the main package links into the subpackage with these. */
export const REDPOST_ROUTES = {
  home: '/packages/redpost/pages/index/index',
  shifts: '/packages/redpost/pages/shifts/index',
  shift: '/packages/redpost/pages/shift/index',
  scan: '/packages/redpost/pages/scan/index',
  register: '/packages/redpost/pages/register/index',
  record: '/packages/redpost/pages/record/index',
  staffEdit: '/packages/redpost/pages/staff-edit/index',
  staffRoster: '/packages/redpost/pages/staff-roster/index',
  staffCode: '/packages/redpost/pages/staff-code/index',
  staffVolunteers: '/packages/redpost/pages/staff-volunteers/index',
} as const;
