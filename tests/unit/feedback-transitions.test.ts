import { FEEDBACK_STATUSES, type FeedbackStatus } from '../../shared/feedback';
import {
  FEEDBACK_TRANSITIONS,
  OPEN_STATUSES,
  allowedFeedbackActions,
  assertTransition,
  mayTake,
  type FeedbackAction,
  type FeedbackActor,
} from '../../api/_lib/services/feedback/transitions';

/**
 * The feedback workflow as docs/DESIGN.md states it, written out cell by cell so that a change
 * to the table has to change this too: submitted → in_progress → resolved → closed, rejected
 * from submitted or in_progress, one reopen resolved → in_progress on an unsatisfied rating,
 * auto-close of resolved items by the cron, replies while the item is not finished.
 */
const EXPECTED: Record<FeedbackAction, { from: FeedbackStatus[]; to: FeedbackStatus | null; by: FeedbackActor[] }> = {
  reply: { from: ['submitted', 'in_progress', 'resolved'], to: null, by: ['staff', 'reporter'] },
  assign: { from: ['submitted', 'in_progress'], to: 'in_progress', by: ['staff'] },
  resolve: { from: ['in_progress'], to: 'resolved', by: ['staff'] },
  reject: { from: ['submitted', 'in_progress'], to: 'rejected', by: ['staff'] },
  merge: { from: ['submitted', 'in_progress'], to: 'closed', by: ['staff'] },
  rate: { from: ['resolved'], to: 'closed', by: ['reporter'] },
  reopen: { from: ['resolved'], to: 'in_progress', by: ['reporter'] },
  autoClose: { from: ['resolved'], to: 'closed', by: ['system'] },
};
const ACTORS: (FeedbackActor | null)[] = ['staff', 'reporter', 'system', null];
const ACTIONS = Object.keys(EXPECTED) as FeedbackAction[];

describe('feedback transition table', () => {
  test('has exactly the actions of the workflow, each with its target state', () => {
    expect(Object.keys(FEEDBACK_TRANSITIONS).sort()).toEqual([...ACTIONS].sort());
    for (const a of ACTIONS) expect(FEEDBACK_TRANSITIONS[a].to).toBe(EXPECTED[a].to);
  });

  describe.each(ACTIONS)('%s', (action) => {
    test.each(
      FEEDBACK_STATUSES.flatMap((from) => ACTORS.map((actor) => [from, actor] as const)),
    )('from %s by %s', (from, actor) => {
      const allowed = EXPECTED[action].from.includes(from) && actor !== null && EXPECTED[action].by.includes(actor);
      expect(mayTake(action, actor, from)).toBe(allowed);
      if (EXPECTED[action].from.includes(from)) expect(() => assertTransition(action, from)).not.toThrow();
      else expect(() => assertTransition(action, from)).toThrow(expect.objectContaining({ status: 409, code: 'INVALID_STATE' }));
    });
  });

  test('closed and rejected items are final: no action leaves them', () => {
    for (const final of ['closed', 'rejected'] as const) {
      for (const a of ACTIONS) expect(mayTake(a, 'staff', final) || mayTake(a, 'reporter', final) || mayTake(a, 'system', final)).toBe(false);
    }
  });

  test('allowedActions: the buttons each viewer sees in each state', () => {
    const shown: Record<FeedbackStatus, Record<'staff' | 'reporter', string[]>> = {
      submitted: { staff: ['reply', 'assign', 'reject', 'merge'], reporter: ['reply'] },
      in_progress: { staff: ['reply', 'assign', 'resolve', 'reject', 'merge'], reporter: ['reply'] },
      resolved: { staff: ['reply'], reporter: ['reply', 'rate'] },
      closed: { staff: [], reporter: [] },
      rejected: { staff: [], reporter: [] },
    };
    for (const status of FEEDBACK_STATUSES) {
      expect(allowedFeedbackActions('staff', status)).toEqual(shown[status].staff);
      expect(allowedFeedbackActions('reporter', status)).toEqual(shown[status].reporter);
      // The public reads; the cron's auto-close is never a button.
      expect(allowedFeedbackActions(null, status)).toEqual([]);
      expect(allowedFeedbackActions('system', status)).toEqual([]);
    }
  });

  test('open statuses are exactly those a staff action can still move on', () => {
    const movable = FEEDBACK_STATUSES.filter((s) => ['assign', 'resolve', 'reject'].some((a) => mayTake(a as FeedbackAction, 'staff', s)));
    expect([...OPEN_STATUSES].sort()).toEqual(movable.sort());
  });
});
