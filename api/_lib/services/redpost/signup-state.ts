import type { SignupStatus } from '../../../../shared/redpost-names';

/** Who takes a step: the volunteer on their own sign-up, staff, or the system (waitlist promotion). */
export type SignupActor = 'volunteer' | 'staff' | 'system';

/**
 * Where a confirmed volunteer is on the day, read from the check-in and check-out times
 * (the `attendance` column is the verdict staff may correct at any phase, not the phase).
 */
export type AttendancePhase = 'not_checked_in' | 'checked_in' | 'checked_out';

/** No sign-up row yet. */
export const NO_SIGNUP = null;

/**
 * The sign-up state machine, in one table; the verbs (signups.ts, shifts.ts, attendance.ts)
 * and the `canCancel` a page shows (views.ts) ask it. Timing rules (the cancel cut-off, the
 * check-in window) and capacity stay in the verbs: they depend on the clock and the shift.
 * `signUp` lands on `confirmed` while there is a place and on `waitlisted` after that.
 * A cancelled sign-up may sign up again (the same row is reused).
 */
export const SIGNUP_TRANSITIONS = {
  signUp: { from: [NO_SIGNUP, 'cancelled'], to: ['confirmed', 'waitlisted'], phase: null, by: ['volunteer'] },
  promote: { from: ['waitlisted'], to: ['confirmed'], phase: null, by: ['system'] },
  cancel: { from: ['confirmed', 'waitlisted'], to: ['cancelled'], phase: ['not_checked_in'], by: ['volunteer'] },
} as const satisfies Record<
  string,
  {
    from: readonly (SignupStatus | null)[];
    to: readonly SignupStatus[];
    /** The attendance phases the step is allowed in; null when it does not matter. */
    phase: readonly AttendancePhase[] | null;
    by: readonly SignupActor[];
  }
>;

/**
 * Attendance, only on a confirmed sign-up: check in once, check out once after checking in;
 * staff may correct the verdict and minutes at any phase (补录 when the volunteer could not scan).
 */
export const ATTENDANCE_TRANSITIONS = {
  checkIn: { signup: ['confirmed'], from: ['not_checked_in'], to: 'checked_in', by: ['volunteer'] },
  checkOut: { signup: ['confirmed'], from: ['checked_in'], to: 'checked_out', by: ['volunteer'] },
  correct: { signup: ['confirmed'], from: ['not_checked_in', 'checked_in', 'checked_out'], to: null, by: ['staff'] },
} as const satisfies Record<
  string,
  { signup: readonly SignupStatus[]; from: readonly AttendancePhase[]; to: AttendancePhase | null; by: readonly SignupActor[] }
>;

export type SignupStep = keyof typeof SIGNUP_TRANSITIONS;
export type AttendanceStep = keyof typeof ATTENDANCE_TRANSITIONS;

/** Sign-ups that hold a place or a waitlist position: the ones a cancel can still release. */
export const ACTIVE_SIGNUP_STATUSES = SIGNUP_TRANSITIONS.cancel.from;

export function phaseOf(s: { checkinAt: Date | null; checkoutAt: Date | null }): AttendancePhase {
  if (s.checkoutAt) return 'checked_out';
  return s.checkinAt ? 'checked_in' : 'not_checked_in';
}

export function maySignupStep(step: SignupStep, status: SignupStatus | null, phase: AttendancePhase = 'not_checked_in'): boolean {
  const row = SIGNUP_TRANSITIONS[step];
  return (row.from as readonly (SignupStatus | null)[]).includes(status) && (row.phase === null || (row.phase as readonly AttendancePhase[]).includes(phase));
}

export function mayAttendanceStep(step: AttendanceStep, status: SignupStatus | null, phase: AttendancePhase): boolean {
  const row = ATTENDANCE_TRANSITIONS[step];
  return status !== null && (row.signup as readonly SignupStatus[]).includes(status) && (row.from as readonly AttendancePhase[]).includes(phase);
}

export const signupStepBy = (step: SignupStep, actor: SignupActor) => (SIGNUP_TRANSITIONS[step].by as readonly SignupActor[]).includes(actor);
export const attendanceStepBy = (step: AttendanceStep, actor: SignupActor) =>
  (ATTENDANCE_TRANSITIONS[step].by as readonly SignupActor[]).includes(actor);
