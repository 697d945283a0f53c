import { REQUEST_STATUSES, type RequestAction, type RequestStatus } from '../../shared/requests';
import type { Role } from '../../shared/roles';
import type { CurrentUser } from '../../api/_lib/services/context';
import { OPEN_ORDER_STATUSES, TRANSITIONS, allowedActions, type OrderFacts } from '../../api/_lib/services/requests/state';

/**
 * The order workflow as docs/DESIGN.md states it, cell by cell: every state, every party.
 * submitted → dispatched → accepted → in_progress → completed → closed; a volunteer may take
 * an open order straight to accepted; the owner cancels until a volunteer has accepted, staff
 * until completion; only the owner rates; nobody serves or rates an order of their own.
 */
const user = (id: string, role: Role): CurrentUser => ({ id, role, displayName: id, communityId: null, staffCommunityId: null, openid: null });
const PARTIES = {
  owner: user('owner', 'resident'),
  assignee: user('v1', 'volunteer'),
  otherVolunteer: user('v2', 'volunteer'),
  staff: user('staff', 'staff'),
  admin: user('admin', 'admin'),
  stranger: user('stranger', 'resident'),
};
type Party = keyof typeof PARTIES;

const order = (status: RequestStatus): OrderFacts => ({
  status,
  ownerId: 'owner',
  createdById: 'owner',
  // The pool (submitted) and a cancelled order have no volunteer; every later state has v1.
  assigneeId: status === 'submitted' || status === 'cancelled' ? null : 'v1',
  communityId: null,
  completedAt: status === 'completed' || status === 'closed' ? new Date('2026-11-27T10:00:00+08:00') : null,
});

const none: Record<Party, RequestAction[]> = { owner: [], assignee: [], otherVolunteer: [], staff: [], admin: [], stranger: [] };
const EXPECTED: Record<RequestStatus, Record<Party, RequestAction[]>> = {
  submitted: { owner: ['cancel'], assignee: ['accept'], otherVolunteer: ['accept'], staff: ['dispatch', 'cancel'], admin: ['dispatch', 'cancel'], stranger: [] },
  dispatched: { owner: ['cancel'], assignee: ['accept'], otherVolunteer: [], staff: ['dispatch', 'cancel'], admin: ['dispatch', 'cancel'], stranger: [] },
  accepted: { owner: [], assignee: ['start'], otherVolunteer: [], staff: ['cancel'], admin: ['cancel'], stranger: [] },
  in_progress: { owner: [], assignee: ['complete'], otherVolunteer: [], staff: ['cancel'], admin: ['cancel'], stranger: [] },
  completed: { ...none, owner: ['rate'] },
  closed: none,
  cancelled: none,
};

describe('order transition table', () => {
  test('each action lands on the state the workflow names', () => {
    expect(Object.fromEntries(Object.entries(TRANSITIONS).map(([a, t]) => [a, t.to]))).toEqual({
      dispatch: 'dispatched',
      accept: 'accepted',
      start: 'in_progress',
      complete: 'completed',
      cancel: 'cancelled',
      rate: 'closed',
    });
  });

  test.each(REQUEST_STATUSES.flatMap((s) => (Object.keys(PARTIES) as Party[]).map((p) => [s, p] as const)))(
    'allowedActions on a %s order for the %s',
    (status, party) => {
      expect(allowedActions(PARTIES[party], order(status))).toEqual(EXPECTED[status][party]);
    },
  );

  test('nobody acts without logging in', () => {
    for (const s of REQUEST_STATUSES) expect(allowedActions(null, order(s))).toEqual([]);
  });

  test('a volunteer may not accept an order they placed themselves', () => {
    const self = user('owner', 'volunteer');
    expect(allowedActions(self, order('submitted'))).toEqual(['cancel']);
  });

  test('open orders are the ones not yet completed, closed or cancelled', () => {
    expect([...OPEN_ORDER_STATUSES].sort()).toEqual(['accepted', 'dispatched', 'in_progress', 'submitted']);
  });
});
