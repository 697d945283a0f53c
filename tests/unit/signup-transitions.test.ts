import { SIGNUP_STATUSES, type SignupStatus } from '../../shared/redpost-names';
import {
  ACTIVE_SIGNUP_STATUSES,
  ATTENDANCE_TRANSITIONS,
  SIGNUP_TRANSITIONS,
  attendanceStepBy,
  mayAttendanceStep,
  maySignupStep,
  phaseOf,
  signupStepBy,
  type AttendancePhase,
  type AttendanceStep,
  type SignupActor,
  type SignupStep,
} from '../../api/_lib/services/redpost/signup-state';

/**
 * The red-post sign-up workflow as the contract states it (docs/DESIGN.md): a volunteer signs up
 * (confirmed while places last, then waitlisted), may cancel before checking in, and a cancelled
 * sign-up may sign up again; a freed place promotes the first waitlisted; only a confirmed
 * volunteer checks in, then out, once each; staff correct attendance at any phase.
 * Written out cell by cell, so a change to the tables has to change this file too.
 */
const STATUSES: (SignupStatus | null)[] = [null, ...SIGNUP_STATUSES];
const PHASES: AttendancePhase[] = ['not_checked_in', 'checked_in', 'checked_out'];
const ACTORS: SignupActor[] = ['volunteer', 'staff', 'system'];

const SIGNUP_EXPECTED: Record<SignupStep, { from: (SignupStatus | null)[]; to: SignupStatus[]; phases: AttendancePhase[]; by: SignupActor[] }> = {
  signUp: { from: [null, 'cancelled'], to: ['confirmed', 'waitlisted'], phases: PHASES, by: ['volunteer'] },
  promote: { from: ['waitlisted'], to: ['confirmed'], phases: PHASES, by: ['system'] },
  cancel: { from: ['confirmed', 'waitlisted'], to: ['cancelled'], phases: ['not_checked_in'], by: ['volunteer'] },
};
const ATTENDANCE_EXPECTED: Record<AttendanceStep, { signup: SignupStatus[]; from: AttendancePhase[]; to: AttendancePhase | null; by: SignupActor[] }> = {
  checkIn: { signup: ['confirmed'], from: ['not_checked_in'], to: 'checked_in', by: ['volunteer'] },
  checkOut: { signup: ['confirmed'], from: ['checked_in'], to: 'checked_out', by: ['volunteer'] },
  correct: { signup: ['confirmed'], from: PHASES, to: null, by: ['staff'] },
};

describe('sign-up transition table', () => {
  test('has exactly the steps of the workflow, each with its target states', () => {
    expect(Object.keys(SIGNUP_TRANSITIONS).sort()).toEqual(Object.keys(SIGNUP_EXPECTED).sort());
    for (const [step, e] of Object.entries(SIGNUP_EXPECTED)) expect([...SIGNUP_TRANSITIONS[step as SignupStep].to]).toEqual(e.to);
  });

  describe.each(Object.keys(SIGNUP_EXPECTED) as SignupStep[])('%s', (step) => {
    test.each(STATUSES.flatMap((s) => PHASES.map((p) => [s, p] as const)))('from %s, %s', (status, phase) => {
      const e = SIGNUP_EXPECTED[step];
      expect(maySignupStep(step, status, phase)).toBe(e.from.includes(status) && e.phases.includes(phase));
    });
    test.each(ACTORS)('by %s', (actor) => {
      expect(signupStepBy(step, actor)).toBe(SIGNUP_EXPECTED[step].by.includes(actor));
    });
  });

  test('active sign-ups are the ones holding a place or a waitlist position', () => {
    expect([...ACTIVE_SIGNUP_STATUSES].sort()).toEqual(['confirmed', 'waitlisted']);
  });
});

describe('attendance transition table', () => {
  test('has exactly the steps of the workflow, each with its target phase', () => {
    expect(Object.keys(ATTENDANCE_TRANSITIONS).sort()).toEqual(Object.keys(ATTENDANCE_EXPECTED).sort());
    for (const [step, e] of Object.entries(ATTENDANCE_EXPECTED)) expect(ATTENDANCE_TRANSITIONS[step as AttendanceStep].to).toBe(e.to);
  });

  describe.each(Object.keys(ATTENDANCE_EXPECTED) as AttendanceStep[])('%s', (step) => {
    test.each(STATUSES.flatMap((s) => PHASES.map((p) => [s, p] as const)))('sign-up %s, %s', (status, phase) => {
      const e = ATTENDANCE_EXPECTED[step];
      expect(mayAttendanceStep(step, status, phase)).toBe(status !== null && e.signup.includes(status) && e.from.includes(phase));
    });
    test.each(ACTORS)('by %s', (actor) => {
      expect(attendanceStepBy(step, actor)).toBe(ATTENDANCE_EXPECTED[step].by.includes(actor));
    });
  });

  test('each step moves to the phase it names', () => {
    const at = new Date('2026-12-01T09:00:00+08:00');
    expect(phaseOf({ checkinAt: null, checkoutAt: null })).toBe('not_checked_in');
    expect(phaseOf({ checkinAt: at, checkoutAt: null })).toBe(ATTENDANCE_TRANSITIONS.checkIn.to);
    expect(phaseOf({ checkinAt: at, checkoutAt: at })).toBe(ATTENDANCE_TRANSITIONS.checkOut.to);
  });
});
